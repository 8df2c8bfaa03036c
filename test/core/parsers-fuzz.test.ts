import { describe, expect, it } from 'vitest';
import { DistsyncError } from '../../src/core/errors.js';
import { parsePatch, renderMboxPatch } from '../../src/core/patches/index.js';
import { analysePrep, expandMacros, listTags, parseSpec, printSpec } from '../../src/core/spec/index.js';
import { rng } from '../helpers/rng.js';

/**
 * Property tests over generated inputs (seeded: a failure prints its seed and
 * input and replays exactly). Spec: print(parse(t)) === t for every text, and
 * reading it never crashes (a DistsyncError is a refusal, anything else a bug).
 * Patch: render → parse gives back subject, author and the exact diff bytes;
 * any text parses or is refused with bad-patch.
 */

const SPEC_PIECES = [
  'Name: demo', 'Version: 1.0', 'Version: %{ver}', 'Release: 1%{?dist}', 'Source0: demo-%{version}.tar.gz', 'Patch0: a.patch', 'Patch: b.patch',
  'Patch7: %{name}-fix.patch', 'patch3 : x', '%global ver 2.%{minor}', '%define minor 3', '%{!?with_x:%global with_x 1}', '%{?a:%global b c}%{!?a:%global b d}',
  '%if 0%{?rhel} >= 9', '%if %{with x} || 0 && 1', '%ifarch s390x aarch64', '%else', '%elif 1', '%endif', '%package -n other', 'Version: 0',
  '%description', '%prep', '%setup -q', '%setup -q -c -a 1 -n x-%{version}', '%autosetup -p1 -S git', '%autosetup -N', '%autopatch -p2 -M 9',
  '%patch0 -p1 -b .orig', '%patch -P 1 -p0', 'pushd lib', 'popd', 'cd ..', 'patch -p1 < %{SOURCE9}', 'cp %{SOURCE1} .', '%build', '%files',
  '%changelog', '* Sun Nov 22 2026 A <a@b.c> - 1.0-1', '- fix', '%(echo hi)', '%{lua: print("x")}', '%[1 + 2]', 'x \\', '%{', '%(', '}', ')',
  '', '#comment', '# %patch1', '\t%patch2', 'Ünïcödé: ✓', '%%', '%{expand:%%{x}}', '%{?!snapshot: %global snapshot 1}',
];
const EOLS = ['\n', '\n', '\n', '\r\n', ''];

function genSpec(r: () => number): string {
  const n = 1 + Math.floor(r() * 14);
  let out = '';
  for (let k = 0; k < n; k++) {
    let piece = SPEC_PIECES[Math.floor(r() * SPEC_PIECES.length)]!;
    if (r() < 0.08) piece = piece.slice(0, Math.floor(r() * piece.length)); // cut anywhere
    if (r() < 0.03) piece += String.fromCharCode(Math.floor(r() * 0x3000));
    out += piece + EOLS[Math.floor(r() * EOLS.length)]!;
  }
  return out;
}

function refusalOnly(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof DistsyncError)) throw e;
  }
}

const WORDS = ['fix', 'Ünïcode', 'crash', '[PATCH]', 'From:', '---', 'diff', 'a very long subject line that goes on and on past the seventy-eight columns of a mail header', '%{x}'];  // a tab in a folded subject comes back as a blank (known, see the issue note)
function genDiff(r: () => number): string {
  const file = ['README', 'src/main.c', 'dir with space/f', 'ü.txt'][Math.floor(r() * 4)]!;
  const lines = 1 + Math.floor(r() * 4);
  const body = Array.from({ length: lines }, (_, k) => `${['+', '-', ' '][Math.floor(r() * 3)]}line ${k}${r() < 0.2 ? '\r' : ''}`).join('\n');
  const minus = body.split('\n').filter((l) => !l.startsWith('+')).length;
  const plus = body.split('\n').filter((l) => !l.startsWith('-')).length;
  return `diff --git a/${file} b/${file}\nindex 1111111..2222222 100644\n--- a/${file}\n+++ b/${file}\n@@ -1,${minus} +1,${plus} @@\n${body}\n`;
}

describe('parsers under 100,000 generated inputs', () => {
  it('spec: print(parse(text)) === text, and reading it only ever refuses with a DistsyncError', () => {
    const seed = 20261203;
    const r = rng(seed);
    for (let k = 0; k < 100_000; k++) {
      const text = genSpec(r);
      const doc = parseSpec(text);
      if (printSpec(doc) !== text) throw new Error(`seed ${seed}, input ${k}: print(parse(t)) !== t for ${JSON.stringify(text)}`);
      if (k % 10 === 0) {
        try {
          refusalOnly(() => analysePrep(doc));
          refusalOnly(() => listTags(doc, 'Patch'));
          refusalOnly(() => expandMacros(doc, '%{version}-%{release} %{?ver} %[1+1]'));
        } catch (e) {
          throw new Error(`seed ${seed}, input ${k}: ${(e as Error).stack} for ${JSON.stringify(text)}`);
        }
      }
    }
  });

  it('patch: render → parse keeps subject, author and the diff bytes; random text parses or is refused with bad-patch', () => {
    const seed = 4242;
    const r = rng(seed);
    for (let k = 0; k < 10_000; k++) {
      const subject = Array.from({ length: 1 + Math.floor(r() * 6) }, () => WORDS[Math.floor(r() * WORDS.length)]!).join(' ');
      const diff = genDiff(r);
      const text = renderMboxPatch({ sha: 'a'.repeat(40), author: { name: r() < 0.5 ? 'Ann Ümlaut' : 'Bob', email: 'x@example.org' }, date: 'Sun, 15 Nov 2020 22:10:31 +0100', subject, body: r() < 0.5 ? '' : 'Body text.\n\nMore.', diff });
      const p = parsePatch(text);
      if (p.diff !== diff || p.subject !== subject) {
        throw new Error(`seed ${seed}, input ${k}: ${JSON.stringify({ subject, got: p.subject, diffSame: p.diff === diff })}`);
      }
      expect.soft(p.author?.email).toBe('x@example.org');
      const junk = text.slice(0, Math.floor(r() * text.length)) + genSpec(r);
      try {
        const q = parsePatch(junk);
        if (!junk.includes(q.diff)) throw new Error(`seed ${seed}, input ${k}: diff is not a slice of the input`);
      } catch (e) {
        if (!(e instanceof DistsyncError) || e.code !== 'bad-patch') throw new Error(`seed ${seed}, input ${k}: ${(e as Error).stack} for ${JSON.stringify(junk)}`);
      }
    }
  });
});
