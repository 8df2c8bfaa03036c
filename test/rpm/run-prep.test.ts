import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findRpmbuild, runPrep } from '../../src/rpm/index.js';
import { CORPUS, rejectionOf, tempDirs } from '../git/helpers.js';

const tmp = tempDirs();
afterAll(() => tmp.cleanup());

const rpmbuildPresent = await findRpmbuild().then(() => true, () => false);
const EL9: [string, string][] = [['dist', '.el9'], ['rhel', '9']];

function expectedOrder(pkg: string, tsv = 'prep-apply-order.tsv'): string[] {
  return readFileSync(join(CORPUS, pkg, tsv), 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split('\t')[1]!);
}

/** SOURCES + the upstream tarball in a temp source dir; the spec path. */
function stage(pkg: string, tarball: string): { sourceDir: string; specPath: string; workDir: string } {
  const root = tmp.make(`prep-${pkg}`);
  const sourceDir = join(root, 'SOURCES');
  cpSync(join(CORPUS, pkg, 'distgit', 'SOURCES'), sourceDir, { recursive: true });
  cpSync(join(CORPUS, pkg, 'upstream', tarball), join(sourceDir, tarball));
  const spec = readdirSync(join(CORPUS, pkg, 'distgit', 'SPECS'))[0]!;
  return { sourceDir, specPath: join(CORPUS, pkg, 'distgit', 'SPECS', spec), workDir: join(root, 'rpmbuild') };
}

describe('findRpmbuild', () => {
  it('finds rpmbuild on PATH, or says how to install it', async () => {
    if (rpmbuildPresent) expect(await findRpmbuild()).toMatch(/\/rpmbuild$/);
    const err = await rejectionOf(findRpmbuild('/nonexistent-dir'));
    expect(err.code).toBe('rpm-missing');
    expect(err.message).toBe('rpmbuild is not installed');
    expect(err.next).toMatch(/apt-get install -y rpm .*dnf install -y rpm-build/);
  });
});

describe.skipIf(!rpmbuildPresent)('runPrep on the real corpus', () => {
  it('lz4: %autosetup -p1 applies the one patch in BUILD/lz4-1.9.3', async () => {
    const s = stage('lz4', 'lz4-1.9.3.tar.gz');
    const res = await runPrep({ ...s, defines: EL9 });
    expect(res.buildDir).toBe(join(s.workDir, 'BUILD', 'lz4-1.9.3'));
    expect(res.patchesApplied).toEqual([{ file: 'lz4-cve-2021-3520.patch', strip: 1, dir: '', args: ['-p1', '-s', '--fuzz=0', '--no-backup-if-mismatch', '-f'] }]);
    expect(readFileSync(join(res.buildDir, 'lib', 'lz4.c'), 'utf8')).toContain('if ((src == NULL) || (outputSize < 0)) { return -1; }');
    expect(res.log).toContain('Executing(%prep)');
  });

  it('zstd: %setup + %patchN (conditional on x86_64) with the expected directory name', async () => {
    const s = stage('zstd', 'zstd-1.5.1.tar.gz');
    const res = await runPrep({ ...s, defines: EL9, target: 'x86_64', expectedDirName: 'zstd-1.5.1' });
    expect(res.patchesApplied.map((p) => p.file)).toEqual(expectedOrder('zstd'));
    expect(res.patchesApplied.map((p) => [p.number, p.strip, p.dir])).toEqual([[1, 1, ''], [2, 1, '']]);
    expect(existsSync(join(res.buildDir, '.gitignore'))).toBe(false); // find -name .gitignore -delete ran
  });

  it('zlib: 21 patches on x86_64, 22 with --target s390x, in %prep order', async () => {
    const x86 = stage('zlib', 'zlib-1.2.11.tar.xz');
    const onX86 = await runPrep({ ...x86, defines: EL9, target: 'x86_64' });
    expect(onX86.patchesApplied.map((p) => p.file)).toEqual(expectedOrder('zlib'));
    expect(onX86.patchesApplied).toHaveLength(21);
    expect(existsSync(join(onX86.buildDir, 'contrib', 'minizip', 'unzip.c.fixuncrypt'))).toBe(true);
    const s390 = stage('zlib', 'zlib-1.2.11.tar.xz');
    const onS390 = await runPrep({ ...s390, defines: EL9, target: 's390x' });
    expect(onS390.patchesApplied.map((p) => p.file)).toEqual(expectedOrder('zlib', 'prep-apply-order.s390x.tsv'));
    expect(onS390.patchesApplied).toHaveLength(22);
    expect(onS390.patchesApplied[1]).toMatchObject({ file: 'zlib-1.2.11-optimized-s390.patch', number: 1, strip: 1, dir: '' });
    expect(onS390.buildDir).toBe(join(s390.workDir, 'BUILD', 'zlib-1.2.11'));
  });

  it('-d DIR and cd are followed: dir is where patch ran, relative to the build dir', async () => {
    const s = stage('lz4', 'lz4-1.9.3.tar.gz');
    const spec = join(tmp.make('spec'), 'lz4-d.spec');
    writeFileSync(
      spec,
      readFileSync(s.specPath, 'utf8').replace(/%autosetup -p1/, '%setup -q\ncd ..\n%patch -P 1 -p1 -d lz4-1.9.3\n%patch -P 1 -p1 -d lz4-1.9.3 -R\nmkdir -p lz4-1.9.3/sub/lib\ncp lz4-1.9.3/lib/lz4.c lz4-1.9.3/sub/lib/\ncd lz4-1.9.3\n%patch -P 1 -p1 -d sub'),
    );
    const res = await runPrep({ ...s, specPath: spec, defines: EL9, expectedDirName: 'lz4-1.9.3' });
    expect(res.patchesApplied.map((p) => ({ dir: p.dir, dashD: p.dashD, reverse: p.reverse ?? false }))).toEqual([
      { dir: '', dashD: 'lz4-1.9.3', reverse: false },
      { dir: '', dashD: 'lz4-1.9.3', reverse: true },
      { dir: 'sub', dashD: 'sub', reverse: false },
    ]);
  });

  it('a failing %prep is prep-failed with the end of the log', async () => {
    const s = stage('lz4', 'lz4-1.9.3.tar.gz');
    writeFileSync(join(s.sourceDir, 'lz4-cve-2021-3520.patch'), 'garbage\n');
    const err = await rejectionOf(runPrep({ ...s, defines: EL9 }));
    expect(err.code).toBe('prep-failed');
    expect(err.message).toMatch(/Bad exit status/);
    expect(err.message.split('\n').length).toBeLessThanOrEqual(32);
    expect(err.next).toMatch(/rpmbuild -bp --nodeps/);
  });
});
