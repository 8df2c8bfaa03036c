import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { extractTarball, listTarball, listTarballTopDirs } from '../../src/archive/index.js';
import { CORPUS, rejectionOf, run, tempDirs } from '../git/helpers.js';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());

/** pkg-1.0/{README, src/a.c, bin/run.sh (755), link -> src/a.c} plus a top-level file. */
function sampleTree(): string {
  const root = tmp.make('tree');
  mkdirSync(join(root, 'pkg-1.0', 'src'), { recursive: true });
  mkdirSync(join(root, 'pkg-1.0', 'bin'));
  writeFileSync(join(root, 'pkg-1.0', 'README'), 'hello\r\n');
  writeFileSync(join(root, 'pkg-1.0', 'src', 'a.c'), 'int a;\n');
  writeFileSync(join(root, 'pkg-1.0', 'bin', 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(join(root, 'pkg-1.0', 'ünï code.txt'), 'u\n');
  symlinkSync('src/a.c', join(root, 'pkg-1.0', 'link'));
  return root;
}

const has = (prog: string) => {
  try {
    execFileSync(prog, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

describe('extractTarball', () => {
  it("strips the top directory of './'-prefixed archives (tar -C dir .) as rpm's %setup sees it", async () => {
    const root = sampleTree();
    const file = join(tmp.make('tb'), 'dotted.tar.gz');
    run(root, 'tar', ['-czf', file, '.']);
    expect((await listTarball(file))[0]?.name).toBe('./');
    const dest = tmp.make('dest');
    await extractTarball(file, dest, { stripComponents: 1 });
    expect(readFileSync(join(dest, 'README'), 'latin1')).toBe('hello\r\n');
    expect(existsSync(join(dest, 'pkg-1.0'))).toBe(false);
  });

  for (const [ext, flag, prog] of [['tar.gz', '-z', 'gzip'], ['tar.xz', '-J', 'xz'], ['tar.bz2', '-j', 'bzip2'], ['tar.zst', '--zstd', 'zstd'], ['tar', '', 'tar']] as const) {
    it.skipIf(!has(prog))(`unpacks .${ext} (detected by content, even under a misleading name) with --strip-components`, async () => {
      const root = sampleTree();
      const file = join(tmp.make('tb'), `archive.${ext}.bin`);
      run(root, 'tar', ['-c', ...(flag ? [flag] : []), '-f', file, 'pkg-1.0']);
      expect(await listTarballTopDirs(file)).toEqual(['pkg-1.0']);
      const dest = tmp.make('dest');
      await extractTarball(file, dest, { stripComponents: 1 });
      expect(readFileSync(join(dest, 'README'), 'latin1')).toBe('hello\r\n');
      expect(readFileSync(join(dest, 'ünï code.txt'), 'utf8')).toBe('u\n');
      expect(readlinkSync(join(dest, 'link'))).toBe('src/a.c');
      expect(existsSync(join(dest, 'bin', 'run.sh'))).toBe(true);
    });
  }

  it('lists entries with their types and top-level directories only', async () => {
    const root = sampleTree();
    writeFileSync(join(root, 'stray.txt'), 'x');
    const file = join(tmp.make('tb'), 'a.tar');
    run(root, 'tar', ['-cf', file, './pkg-1.0', 'stray.txt']);
    expect(await listTarballTopDirs(file)).toEqual(['pkg-1.0']);
    const entries = await listTarball(file);
    expect(entries.find((e) => e.name === './pkg-1.0/link')).toEqual({ name: './pkg-1.0/link', type: 'symlink', linkTarget: 'src/a.c' });
    expect(entries.find((e) => e.name === './pkg-1.0/ünï code.txt')?.type).toBe('file');
  });

  it('unpacks the real corpus tarballs', async () => {
    const dest = tmp.make('zlib');
    const tb = join(CORPUS, 'zlib', 'upstream', 'zlib-1.2.11.tar.xz');
    expect(await listTarballTopDirs(tb)).toEqual(['zlib-1.2.11']);
    await extractTarball(tb, dest, { stripComponents: 1 });
    expect(existsSync(join(dest, 'zlib.h'))).toBe(true);
  });

  it('refuses absolute names, .. members and links that leave the tree, before writing anything', async () => {
    const work = tmp.make('evil');
    mkdirSync(join(work, 'sub'));
    writeFileSync(join(work, 'x'), 'x');
    writeFileSync(join(work, 'sub', 'y'), 'y');
    const cases: [string, () => void][] = [
      ['absolute', () => run(work, 'tar', ['-cPf', join(work, 'absolute.tar'), join(work, 'x')])],
      ['dotdot', () => run(join(work, 'sub'), 'tar', ['-cPf', join(work, 'dotdot.tar'), 'y', '../x'])],
      ['symlink-abs', () => {
        mkdirSync(join(work, 'p1'));
        symlinkSync('/etc/passwd', join(work, 'p1', 'passwd'));
        run(work, 'tar', ['-cf', join(work, 'symlink-abs.tar'), 'p1']);
      }],
      ['symlink-up', () => {
        mkdirSync(join(work, 'p2'));
        symlinkSync('../../outside', join(work, 'p2', 'up'));
        run(work, 'tar', ['-cf', join(work, 'symlink-up.tar'), 'p2']);
      }],
    ];
    for (const [name, make] of cases) {
      make();
      const dest = tmp.make(`dest-${name}`);
      const err = await rejectionOf(extractTarball(join(work, `${name}.tar`), dest));
      expect(err.message, name).toMatch(/^refusing to unpack/);
      expect(run(dest, 'ls', ['-A']), name).toBe('');
    }
    // Stripping p2/ does not make ../../outside safe.
    await expect(extractTarball(join(work, 'symlink-up.tar'), tmp.make('d'), { stripComponents: 1 })).rejects.toThrow(/points outside/);
  });

  it('a symlink to ../ that stays inside the tree is fine', async () => {
    const root = tmp.make('ok');
    mkdirSync(join(root, 'p', 'a'), { recursive: true });
    symlinkSync('../README', join(root, 'p', 'a', 'readme'));
    writeFileSync(join(root, 'p', 'README'), 'r');
    const file = join(root, 'ok.tar');
    run(root, 'tar', ['-cf', file, 'p']);
    const dest = tmp.make('dest');
    await extractTarball(file, dest, { stripComponents: 1 });
    expect(readFileSync(join(dest, 'a', 'readme'), 'utf8')).toBe('r');
  });

  it('a file that is not a tarball is a typed error', async () => {
    const file = join(tmp.make('nt'), 'not.tar.gz');
    writeFileSync(file, 'not a tarball');
    const err = await rejectionOf(extractTarball(file, tmp.make('dest')));
    expect(err.message).toMatch(/not a readable tar archive/);
  });
});
