import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cfgMessage, parseCfg, printCfg } from '../../../src/core/openpatch/index.js';
import { isDistsyncError } from '../../../src/core/errors.js';
import { FIXTURES } from '../../helpers/corpus.js';
import { thrown } from '../../helpers/thrown.js';

const ROOT = join(FIXTURES, 'openpatch');
const PROTO = join(ROOT, 'srpmproc-cfg.proto');

function cfgFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...cfgFiles(p));
    else if (name.endsWith('.cfg') && p.includes('/PATCHES/')) out.push(p);
  }
  return out.sort();
}

/** protoc's binary encoding of a textproto: the ground truth of "same message". */
function encode(text: string): Buffer {
  return execFileSync('protoc', [`-I${ROOT}`, '--encode=srpmproc.Cfg', PROTO], { input: text, maxBuffer: 1 << 24 });
}

const REAL = [...cfgFiles(join(ROOT, 'examples')), ...cfgFiles(join(ROOT, 'e2e'))];

describe('parseCfg on every real directive file', () => {
  it('finds the 10 example cfgs and the 3 e2e branch cfgs', () => {
    expect(REAL.map((p) => relative(ROOT, p))).toHaveLength(13);
  });

  it.each(REAL.map((p) => [relative(ROOT, p), p]))('%s parses, and print∘parse is the same message (protoc agrees)', (_, path) => {
    const text = readFileSync(path, 'utf8');
    const { cfg } = parseCfg(text, 'x.cfg');
    const printed = printCfg(cfg);
    expect(cfgMessage(parseCfg(printed, 'printed.cfg').cfg)).toEqual(cfgMessage(cfg));
    expect(encode(printed).equals(encode(text))).toBe(true);
  });

  it('reads what the files say (grub2, kernel, dnf)', () => {
    const grub = parseCfg(readFileSync(join(ROOT, 'examples/grub2/PATCHES/grub2.cfg'), 'utf8'), 'grub2.cfg').cfg;
    expect(grub.patch).toEqual([{ file: 'PATCHES/0001-OpenELA-debranding.patch' }]);
    expect(grub.replace).toEqual([{ file: 'sbat.csv.in', with_file: 'PATCHES/sbat.csv.in' }]);
    expect(grub.spec_change!.append).toEqual([{ field: 'Release', value: '.openela.0.2' }]);
    expect(grub.spec_change!.search_and_replace.map((s) => s.n)).toEqual([-1, -1, -1]);
    expect(grub.spec_change!.changelog[0]!.message).toHaveLength(8);
    const kernel = parseCfg(readFileSync(join(ROOT, 'examples/kernel/PATCHES/kernel.cfg'), 'utf8'), 'kernel.cfg').cfg;
    expect(kernel.spec_change!.search_and_replace[0]!.replace).toContain('.patch\nPatch1000001: ');
    expect(kernel.spec_change!.search_and_replace[0]!.n).toBeUndefined();
    expect(kernel.spec_change!.disable_auto_align).toBe(true);
    const dnf = parseCfg(readFileSync(join(ROOT, 'examples/dnf/PATCHES/dnf.cfg'), 'utf8'), 'dnf.cfg').cfg;
    expect(dnf.spec_change!.file).toEqual([{ name: '9999-patch-up-dnf.patch', type: 'Patch', add: true, add_to_prep: false }]);
    expect(dnf.spec_change!.append).toEqual([]); // commented out
  });
});

describe('parseCfg on every field of the grammar', () => {
  const ALL = `# every field of srpmproc.Cfg, in the syntaxes prototext accepts
replace { file: "a" with_file: "PATCHES/a" }
replace < file: 'b', with_inline: "line 1\\nline \\"2\\"\\t\\101\\x42\\u00e9" >
replace: { file: "c"; with_lookaside: "0123456789abcdef0123456789abcdef01234567" }
delete { file: "SOURCES/old.cer" }
add { file: "PATCHES/x.patch" name: "y.patch" }
add { lookaside: "c92ac268d787fd4c0154c797690fc1f8d45ca5ea" name: "NameConstraints.ocsp1.cert" }
lookaside { file: ["one", "two"] file: "three" tar: true archive_name: "bundle" from_patch_tree: t }
patch: [{ file: "PATCHES/p1.patch" }, { file: "PATCHES/p2.patch" strict: True }]
spec_change {
  file { name: "x.patch" type: Patch add: true add_to_prep: true n_path: 1 }
  file { name: "old.tar.gz" type: 1 delete: false }
  changelog { author_name: "Release Engineering" author_email: "releng@example.org" message: "one" message: "two" "joined" }
  search_and_replace { field: "Release" find: "a" replace: "b" n: -1 }
  search_and_replace { any: true find: "a" replace: "b" n: 0x2 }
  search_and_replace { starts_with: 1 find: "a" replace: "b" n: 1 }
  search_and_replace { ends_with: true find: "a" replace: "b" n: -2147483648 }
  append { field: "Release" value: ".1" }
  new_field { key: "Provides" value: "foo" }
  disable_auto_align: false
}
`;

  it('parses all of it, and protoc encodes the printed text to the same bytes', () => {
    const { cfg } = parseCfg(ALL, 'all.cfg');
    expect(cfg.replace[1]!.with_inline).toBe('line 1\nline "2"\tABé');
    expect(cfg.lookaside[0]).toEqual({ file: ['one', 'two', 'three'], tar: true, archive_name: 'bundle', from_patch_tree: true });
    expect(cfg.patch).toEqual([{ file: 'PATCHES/p1.patch' }, { file: 'PATCHES/p2.patch', strict: true }]);
    expect(cfg.spec_change!.file[1]).toEqual({ name: 'old.tar.gz', type: 'Source', delete: false });
    expect(cfg.spec_change!.changelog[0]!.message).toEqual(['one', 'twojoined']);
    expect(cfg.spec_change!.search_and_replace.map((s) => s.n)).toEqual([-1, 2, 1, -2147483648]);
    expect(cfg.spec_change!.new_field).toEqual([{ key: 'Provides', value: 'foo' }]);
    const printed = printCfg(cfg);
    expect(cfgMessage(parseCfg(printed, 'p.cfg').cfg)).toEqual(cfgMessage(cfg));
    expect(encode(printed).equals(encode(ALL))).toBe(true);
    // a oneof member set to its default keeps presence; a plain default does not
    expect(cfgMessage(cfg)).toMatchObject({ spec_change: { file: [{}, { name: 'old.tar.gz', type: 'Source', delete: false }] } });
    expect((cfgMessage(cfg).spec_change as Record<string, unknown>).disable_auto_align).toBeUndefined();
  });

  it('remembers where each directive starts', () => {
    const { cfg, positions } = parseCfg(ALL, 'all.cfg');
    expect(positions.get(cfg.replace[2]!)).toEqual({ line: 4, column: 1 });
    expect(positions.get(cfg.patch[1]!)).toEqual({ line: 9, column: 39 });
    expect(positions.get(cfg.spec_change!.search_and_replace[1]!)).toEqual({ line: 15, column: 3 });
  });
});

describe('parseCfg errors name the file, line and column', () => {
  const cases: [string, string, RegExp][] = [
    ['unknown field', 'add {\n  file: "a"\n  nmae: "b"\n}\n', /^broken\.cfg:3:3: unknown field 'nmae' in Add/],
    ['unclosed block', 'spec_change {\n  append { field: "Release" value: ".1" }\n', /^broken\.cfg:3:1: '}' missing: SpecChange block is not closed/],
    ['second spec_change', 'spec_change {}\nspec_change {}\n', /^broken\.cfg:2:1: field 'spec_change' of Cfg is set twice/],
    ['two oneof members', 'replace { file: "a" with_file: "b" with_inline: "c" }', /^broken\.cfg:1:36: 'with_file' and 'with_inline' are alternatives/],
    ['string for a bool', 'patch { file: "p" strict: "yes" }', /^broken\.cfg:1:27: 'strict' takes true or false, found a string/],
    ['unknown enum', 'spec_change { file { type: Tarball } }', /^broken\.cfg:1:28: 'type' takes one of Unknown, Source, Patch/],
    ['unclosed string', 'delete { file: "SOURCES/x\n}', /^broken\.cfg:1:16: string is not closed on its line/],
    ['missing colon', 'delete { file "x" }', /^broken\.cfg:1:15: expected ':' after 'file'/],
    ['int out of range', 'spec_change { search_and_replace { n: 4294967296 } }', /^broken\.cfg:1:39: 'n' is out of the 32-bit range/],
    ['stray character', 'delete { file: "x" } @', /^broken\.cfg:1:22: unexpected character '@'/],
  ];
  it.each(cases)('%s', (_, text, re) => {
    const e = thrown(() => parseCfg(text, 'broken.cfg'));
    expect(isDistsyncError(e) && e.code).toBe('bad-directive');
    expect(isDistsyncError(e) && e.format()).toMatch(re);
  });
});
