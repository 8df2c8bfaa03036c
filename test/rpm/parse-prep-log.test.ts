import { describe, expect, it } from 'vitest';
import { parsePrepLog, shellWords } from '../../src/rpm/index.js';

const SRC = '/w/SOURCES';

describe('parsePrepLog', () => {
  it('pairs %autopatch pipes whichever side bash traced first, and older rpm cat/xz feeders', () => {
    const log = [
      '+ cd /w/BUILD',
      '+ cd pkg-1.0',
      '+ /usr/bin/patch -p1 -s --fuzz=0 --no-backup-if-mismatch -f',
      '+ /usr/lib/rpm/rpmuncompress /w/SOURCES/first.patch',
      '+ /usr/lib/rpm/rpmuncompress /w/SOURCES/second.patch',
      '+ /usr/bin/patch -p2 -s --fuzz=0 --no-backup-if-mismatch -f',
      '+ /usr/bin/cat /w/SOURCES/third.patch',
      '+ /usr/bin/patch -p0 -s --fuzz=0',
      '+ /usr/bin/xz -dc /w/SOURCES/fourth.patch.xz',
      '+ /usr/bin/patch -p1 -s',
    ].join('\n');
    expect(parsePrepLog(log, SRC).map((p) => [p.file, p.strip, p.ranIn])).toEqual([
      ['first.patch', 1, '/w/BUILD/pkg-1.0'],
      ['second.patch', 2, '/w/BUILD/pkg-1.0'],
      ['third.patch', 0, '/w/BUILD/pkg-1.0'],
      ['fourth.patch.xz', 1, '/w/BUILD/pkg-1.0'],
    ]);
  });

  it("never names %setup's tarball: the patch side of the first pipe may be traced before its feeder", () => {
    const log = [
      '+ cd /w/BUILD',
      '+ /usr/lib/rpm/rpmuncompress -x /w/SOURCES/pkg-1.0.tar.gz',
      '+ /usr/bin/gzip -dc /w/SOURCES/extra-1.0.tgz',
      '+ /usr/bin/tar -xof -',
      '+ cd pkg-1.0',
      '+ /usr/bin/patch -p1 -s --fuzz=0 --no-backup-if-mismatch -f',
      '+ /usr/lib/rpm/rpmuncompress /w/SOURCES/only.patch',
    ].join('\n');
    expect(parsePrepLog(log, SRC).map((p) => [p.file, p.strip])).toEqual([['only.patch', 1]]);
  });

  it('reads %patch headers, -d, --directory, -p N and follows pushd/popd', () => {
    const log = [
      '+ cd /w/BUILD/pkg-1.0',
      "+ echo 'Patch #3 (a.patch):'",
      'Patch #3 (a.patch):',
      '+ /usr/bin/patch --no-backup-if-mismatch -f -p 1 -b --suffix .a --fuzz=0 -d sub',
      '+ pushd lib',
      "Patch #4 (b c.patch):",
      "+ /usr/bin/patch -f '--directory=x y' -p3 -R",
      '+ popd',
      'Patch #5 (d.patch):',
      '+ /usr/bin/patch -p1',
    ].join('\n');
    const got = parsePrepLog(log, SRC);
    expect(got.map((p) => ({ file: p.file, n: p.number, strip: p.strip, dir: p.dir, ranIn: p.ranIn, r: p.reverse }))).toEqual([
      { file: 'a.patch', n: 3, strip: 1, dir: 'sub', ranIn: '/w/BUILD/pkg-1.0/sub', r: undefined },
      { file: 'b c.patch', n: 4, strip: 3, dir: 'x y', ranIn: '/w/BUILD/pkg-1.0/lib/x y', r: true },
      { file: 'd.patch', n: 5, strip: 1, dir: undefined, ranIn: '/w/BUILD/pkg-1.0', r: undefined },
    ]);
  });

  it('splits bash trace words', () => {
    expect(shellWords("patch -p1 '--directory=a b' 'it'\\''s' x\\ y")).toEqual(['patch', '-p1', '--directory=a b', "it's", 'x y']);
  });
});
