import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractTarball } from '../../src/archive/index.js';
import { applyPatch, applyToTree, commitAll, createGit, headSha, initRepo, isClean, listFiles, readBlob } from '../../src/git/index.js';
import { CORPUS, newRepo, run, sh, tempDirs, treeOfDir } from './helpers.js';

const tmp = tempDirs();
afterAll(() => tmp.cleanup());

interface Step {
  file: string;
  strip: number;
}

function applyOrder(pkg: string, tsv = 'prep-apply-order.tsv'): Step[] {
  return readFileSync(join(CORPUS, pkg, tsv), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [, file = '', strip = ''] = l.split('\t');
      return { file, strip: Number(strip.replace('-p', '')) };
    });
}

/** The tree GNU patch gives: tarball unpacked by plain tar, each patch with patch -pN --fuzz=0 as rpm runs it. */
function gnuReference(tarball: string, patchDir: string, steps: Step[]): string {
  const dir = tmp.make('gnu-ref');
  run(dir, 'tar', ['-xf', tarball, '-C', dir, '--strip-components=1']);
  for (const s of steps) run(dir, 'patch', [`-p${s.strip}`, '-s', '--fuzz=0', '--no-backup-if-mismatch', '-f', '-i', join(patchDir, s.file)]);
  newRepo(dir);
  return treeOfDir(dir);
}

async function importWithApplyPatch(tarball: string, patchDir: string, steps: Step[]) {
  const dir = join(tmp.make('srcgit'), 'tree');
  await initRepo(dir);
  sh(dir, 'config', 'user.name', 'T');
  sh(dir, 'config', 'user.email', 't@e');
  await extractTarball(tarball, dir, { stripComponents: 1 });
  const git = createGit(dir);
  await commitAll(git, { message: 'upstream\n', force: true });
  const methods: string[] = [];
  for (const s of steps) {
    const { method } = await applyPatch(git, readFileSync(join(patchDir, s.file)), { strip: s.strip });
    methods.push(method);
    await commitAll(git, { message: `${s.file}\n`, allowEmpty: true });
    expect(await isClean(git), s.file).toBe(true);
  }
  return { git, dir, methods, tree: sh(dir, 'rev-parse', 'HEAD^{tree}').trim() };
}

describe('applyPatch on the real corpus', () => {
  it('imports all 4 jq patches onto jq-1.6 exactly as GNU patch applies them (CRLF kept)', async () => {
    const tarball = join(CORPUS, 'jq', 'upstream', 'jq-1.6.tar.gz');
    const patches = join(CORPUS, 'jq', 'distgit', 'SOURCES');
    const steps = applyOrder('jq');
    expect(steps).toHaveLength(4);
    const ours = await importWithApplyPatch(tarball, patches, steps);
    expect(ours.methods).toEqual(['git-apply', 'git-apply', 'git-apply', 'git-apply']);
    expect(ours.tree).toBe(gnuReference(tarball, patches, steps));
    const head = await headSha(ours.git);
    const decNumber = (await listFiles(ours.git, head)).filter((f) => f.startsWith('src/decNumber/'));
    let crlf = 0;
    for (const f of decNumber) if ((await readBlob(ours.git, head, f)).includes(Buffer.from('\r\n'))) crlf++;
    expect(crlf).toBeGreaterThan(10);
    // By effect: the diff -Naur patch gives exactly the tree of its commit, though git's hunks for src/jv.c differ from GNU diff's.
    const first = sh(ours.dir, 'rev-list', '--reverse', 'HEAD').split('\n')[1]!;
    const patch0 = readFileSync(join(patches, steps[0]!.file));
    expect(await applyToTree(ours.git, `${first}^`, patch0, { strip: 1 })).toBe(sh(ours.dir, 'rev-parse', `${first}^{tree}`).trim());
    expect(await applyToTree(ours.git, first, patch0, { strip: 1 })).toBeNull();
  });

  for (const [arch, tsv, count] of [['x86_64', 'prep-apply-order.tsv', 21], ['s390x', 'prep-apply-order.s390x.tsv', 22]] as const) {
    it(`imports the ${count} zlib patches rpm applies on ${arch}, in %prep order, exactly as GNU patch does`, async () => {
      const tarball = join(CORPUS, 'zlib', 'upstream', 'zlib-1.2.11.tar.xz');
      const patches = join(CORPUS, 'zlib', 'distgit', 'SOURCES');
      const steps = applyOrder('zlib', tsv);
      expect(steps).toHaveLength(count);
      const ours = await importWithApplyPatch(tarball, patches, steps);
      expect(ours.tree).toBe(gnuReference(tarball, patches, steps));
    });
  }

  it('applies in a sub-directory (%patch -d / pushd) the same way with git apply and GNU patch', async () => {
    const tarball = join(CORPUS, 'lz4', 'upstream', 'lz4-1.9.3.tar.gz');
    const patch = readFileSync(join(CORPUS, 'lz4', 'distgit', 'SOURCES', 'lz4-cve-2021-3520.patch'));
    const dir = tmp.make('subdir');
    newRepo(dir);
    mkdirSync(join(dir, 'vendor', 'lz4'), { recursive: true });
    await extractTarball(tarball, join(dir, 'vendor', 'lz4'), { stripComponents: 1 });
    const git = createGit(dir);
    await commitAll(git, { message: 'vendored\n', force: true });
    const base = await headSha(git);
    expect((await applyPatch(git, patch, { strip: 1, directory: 'vendor/lz4' })).method).toBe('git-apply');
    const viaGit = await commitAll(git, { message: 'git apply\n' });
    expect(sh(dir, 'diff', '--name-only', base, viaGit).trim()).toBe('vendor/lz4/lib/lz4.c');
    // The same patch with its a/ b/ prefixes made 2 levels deep: -p2 + directory.
    sh(dir, 'reset', '-q', '--hard', base);
    const deeper = Buffer.from(patch.toString('latin1').replace(/^(---|\+\+\+) ([ab])\//gm, '$1 $2/x/').replace(/^diff --git a\/(\S+) b\//gm, 'diff --git a/x/$1 b/x/'), 'latin1');
    await applyPatch(git, deeper, { strip: 2, directory: 'vendor/lz4' });
    expect(sh(dir, 'write-tree').trim()).toBe(sh(dir, 'rev-parse', `${viaGit}^{tree}`).trim());
  });
});
