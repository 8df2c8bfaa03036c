import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePatch, patchContentId } from '../../../src/core/patches/index.js';
import { CORPUS, git, tempDir } from '../../helpers/corpus.js';

/** `diff` exits 1 when files differ: that is success here. */
function diffCmd(cwd: string, ...args: string[]): string {
  const r = spawnSync('diff', args, { cwd, encoding: 'utf8', env: { ...process.env, LANG: 'C', TZ: 'UTC' } });
  if (r.status !== 0 && r.status !== 1) throw new Error(`diff ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function write(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag} line ${i + 1}\n`).join('');
const BEFORE: Record<string, string> = {
  'src/x.c': lines(40, 'x'),
  'crlf.txt': 'one\r\ntwo\r\nthree\r\n',
  'nonl.txt': 'last line without newline',
  'gone.txt': 'bye\n',
};
const AFTER: Record<string, string> = {
  'src/x.c': lines(40, 'x').replace('x line 3\n', 'x line three\n').replace('x line 30\n', 'x line 30\ninserted\n'),
  'crlf.txt': 'one\r\n2\r\nthree\r\n',
  'nonl.txt': 'last line without newline\n',
  'new.txt': 'hello\n',
};

describe('patchContentId: the same change made by different tools', () => {
  let dir: string;
  let repo: string;
  beforeAll(() => {
    dir = tempDir('content-id');
    // diff -Naur a/ b/
    write(join(dir, 'a'), BEFORE);
    write(join(dir, 'b'), AFTER);
    // a git repo with the same change
    repo = join(dir, 'repo');
    mkdirSync(repo);
    git(repo, 'init', '-q');
    write(repo, BEFORE);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'before');
    rmSync(join(repo, 'gone.txt'));
    write(repo, AFTER);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'Change things');
    // gendiff style: pkg-1.0/<f>.orig next to pkg-1.0/<f>
    for (const f of ['src/x.c', 'crlf.txt', 'nonl.txt']) {
      write(join(dir, 'pkg-1.0'), { [`${f}.orig`]: BEFORE[f]!, [f]: AFTER[f]! });
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const gitDiff = (...args: string[]) => git(repo, 'diff', ...args, 'HEAD~1', 'HEAD');

  it('diff -Naur, git diff, git diff -U0/-U9, --no-prefix and format-patch agree', () => {
    const naur = diffCmd(dir, '-Naur', 'a', 'b');
    expect(naur).toContain('--- a/new.txt\t1970-01-01');
    const id = patchContentId(naur, 1);
    expect(patchContentId(gitDiff(), 1)).toBe(id);
    const plain = naur.replace(/^diff -Naur .*\n/gm, ''); // plain unified: only ---/+++ lines
    expect(plain).not.toContain('diff ');
    expect(patchContentId(plain, 1)).toBe(id);
    expect(patchContentId(gitDiff('-U0'), 1)).toBe(id);
    expect(patchContentId(gitDiff('-U9', '--function-context'), 1)).toBe(id);
    expect(patchContentId(gitDiff('--no-prefix'), 0)).toBe(id);
    expect(patchContentId(gitDiff('--src-prefix=a/x/', '--dst-prefix=b/x/'), 2)).toBe(id);
    const mbox = git(repo, 'format-patch', '-1', '--stdout');
    expect(patchContentId(parsePatch(mbox).diff, 1)).toBe(id);
  });

  it('gendiff sections (diff -up pkg-1.0/f.orig pkg-1.0/f) agree with git for the same files', () => {
    const gendiff = ['src/x.c', 'crlf.txt', 'nonl.txt']
      .map((f) => `diff -up pkg-1.0/${f}.orig pkg-1.0/${f}\n${diffCmd(dir, '-up', `pkg-1.0/${f}.orig`, `pkg-1.0/${f}`)}`)
      .join('');
    expect(parsePatch(gendiff).format).toBe('gendiff');
    const gitPart = git(repo, 'diff', 'HEAD~1', 'HEAD', '--', 'src/x.c', 'crlf.txt', 'nonl.txt');
    expect(patchContentId(gendiff, 1)).toBe(patchContentId(gitPart, 1));
  });

  it('file order does not count; CRLF bytes, a one-character change and "No newline" do', () => {
    const diff = gitDiff();
    const sections = diff.split(/(?=^diff --git )/m);
    expect(sections.length).toBe(5);
    const id = patchContentId(diff, 1);
    expect(patchContentId([...sections].reverse().join(''), 1)).toBe(id);
    expect(patchContentId(diff.replace('+x line three', '+x line threE'), 1)).not.toBe(id);
    expect(patchContentId(diff.replace('+2\r\n', '+2\n'), 1)).not.toBe(id);
    expect(patchContentId(diff.replace(/\\ No newline at end of file\n/, ''), 1)).not.toBe(id);
    expect(patchContentId(diff, 0)).not.toBe(id); // other paths
  });

  it('a real gendiff patch (jq 0001) and the git diff of applying it on top of Patch0 to the jq-1.6 tarball', () => {
    const work = join(dir, 'jq');
    mkdirSync(work);
    execFileSync('tar', ['xzf', join(CORPUS, 'jq/upstream/jq-1.6.tar.gz'), '-C', work]);
    const src = join(work, 'jq-1.6');
    execFileSync('patch', ['-p1', '-s', '-i', join(CORPUS, 'jq/distgit/SOURCES/jq-decimal-literal-number.patch')], { cwd: src });
    git(src, 'init', '-q');
    git(src, 'add', '-A', 'src', 'tests');
    git(src, 'commit', '-qm', 'jq-1.6 + Patch0');
    const patchFile = join(CORPUS, 'jq/distgit/SOURCES/0001-iterration-problem-for-non-decimal-string.patch');
    execFileSync('patch', ['-p1', '-s', '-i', patchFile], { cwd: src });
    const real = readFileSync(patchFile, 'utf8');
    expect(patchContentId(git(src, 'diff', '--', 'src', 'tests'), 1)).toBe(patchContentId(parsePatch(real).diff, 1));
  });

  it('a real mbox patch (lz4) and the upstream commit it came from, shown with other context', () => {
    const clone = join(dir, 'lz4');
    git(dir, 'clone', '-q', join(CORPUS, 'lz4/upstream/lz4-upstream.bundle'), clone);
    const upstream = git(clone, 'show', '-U1', '--format=', '8301a21773ef61656225e264f4f06ae14462bca7');
    const real = readFileSync(join(CORPUS, 'lz4/distgit/SOURCES/lz4-cve-2021-3520.patch'), 'utf8');
    expect(patchContentId(upstream, 1)).toBe(patchContentId(parsePatch(real).diff, 1));
  });

  it('backup-style names count as the file they back up, either way round', () => {
    const hunk = '@@ -1 +1 @@\n-a\n+b\n';
    const id = patchContentId(`diff --git a/src/f.c b/src/f.c\n--- a/src/f.c\n+++ b/src/f.c\n${hunk}`, 1);
    expect(patchContentId(`--- pkg-1.0/src/f.c.orig\t2020-01-01 00:00:00\n+++ pkg-1.0/src/f.c\t2020-01-01 00:00:01\n${hunk}`, 1)).toBe(id);
    expect(patchContentId(`--- pkg-1.0/src/f.c\n+++ pkg-1.0/src/f.c.new\n${hunk}`, 1)).toBe(id);
    expect(patchContentId(`--- pkg-1.0/src/g.c\n+++ pkg-1.0/src/f.c\n${hunk}`, 1)).toBe(id);
  });

  it('git renames are old->new; a pure mode change adds nothing', () => {
    const rename = 'diff --git a/x b/y\nsimilarity index 100%\nrename from x\nrename to y\n';
    const mode = 'diff --git a/s b/s\nold mode 100644\nnew mode 100755\n';
    expect(patchContentId(rename, 1)).not.toBe(patchContentId('', 1));
    expect(patchContentId(mode, 1)).toBe(patchContentId('', 1));
    const other = rename.replace(/ b\/y/, ' b/z').replace('rename to y', 'rename to z');
    expect(patchContentId(other, 1)).not.toBe(patchContentId(rename, 1));
  });

  it('the corpus jq CRLF patch: its id differs once CRLF is normalised', () => {
    const text = readFileSync(join(CORPUS, 'jq/distgit/SOURCES/jq-decimal-literal-number.patch'), 'utf8');
    const id = patchContentId(text, 1);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(patchContentId(text.replace(/\r\n/g, '\n'), 1)).not.toBe(id);
  });
});
