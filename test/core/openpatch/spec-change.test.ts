import { describe, expect, it } from 'vitest';
import { thrown } from '../../helpers/thrown.js';
import { lineDiff, run, SPEC, text } from './tree-helpers.js';

const spec = (cfg: string, opts: Parameters<typeof run>[1] = {}) => text(run(cfg, opts).result.tree, 'SPECS/demo.spec')!;
const effects = (cfg: string, opts: Parameters<typeof run>[1] = {}) => run(cfg, opts).result.effects.map((e) => `${e.kind} #${e.index}: ${e.summary}`);

describe('spec_change search_and_replace', () => {
  it('any: n counts per line (Go strings.Replace), -1 = all; only the matching lines change', () => {
    const s2 = SPEC.replace('A demo. CentOS ships it.', 'A demo. CentOS ships it, CentOS builds it.');
    const one = spec('spec_change { search_and_replace { any: true find: "CentOS" replace: "OpenELA" n: 1 } }', { spec: s2 });
    expect(lineDiff(s2, one)).toEqual({ added: ['A demo. OpenELA ships it, CentOS builds it.', '- OpenELA rebuild'], removed: ['A demo. CentOS ships it, CentOS builds it.', '- CentOS rebuild'] });
    const all = spec('spec_change { search_and_replace { any: true find: "CentOS" replace: "OpenELA" n: -1 } }', { spec: s2 });
    expect(all).toBe(s2.replaceAll('CentOS', 'OpenELA'));
    expect(effects('spec_change { search_and_replace { any: true find: "CentOS" replace: "OpenELA" n: -1 } }', { spec: s2 })).toEqual([
      'spec_change.search_and_replace #1: "CentOS" → "OpenELA": 3 replacements on lines 17, 35 (any, n: -1)',
    ]);
  });

  it('n: 0 (or n not set) replaces nothing, as srpmproc does, and the report says so', () => {
    expect(spec('spec_change { search_and_replace { any: true find: "CentOS" replace: "OpenELA" } }')).toBe(SPEC);
    expect(effects('spec_change { search_and_replace { any: true find: "CentOS" replace: "OpenELA" } }')[0]).toMatch(/nothing replaced — n is 0 \(not set\).*set n: 1 or n: -1/);
  });

  it('starts_with / ends_with pick lines by their trimmed text; field: only that tag\'s value', () => {
    expect(lineDiff(SPEC, spec('spec_change { search_and_replace { starts_with: true find: "make" replace: "%make_build" n: 1 } }'))).toEqual({
      added: ['%make_build', '%make_build install DESTDIR=%{buildroot}'],
      removed: ['make', 'make install DESTDIR=%{buildroot}'],
    });
    expect(lineDiff(SPEC, spec('spec_change { search_and_replace { ends_with: true find: "gcc" replace: "gcc-c++" n: 1 } }'))).toEqual({ added: ['BuildRequires:  gcc-c++'], removed: ['BuildRequires:  gcc'] });
    expect(lineDiff(SPEC, spec('spec_change { search_and_replace { field: "URL" find: "example.org" replace: "openela.org" n: -1 } }'))).toEqual({
      added: ['URL:            https://openela.org/demo'],
      removed: ['URL:            https://example.org/demo'],
    });
  });

  it('a replacement with \\n makes new lines (kernel.cfg injects a second Patch tag that way)', () => {
    const out = spec('spec_change { search_and_replace { any: true find: "Patch1:         0002-more.patch" replace: "Patch1:         0002-more.patch\\nPatch2:         0003-new.patch" n: 1 } }');
    expect(out).toContain('Patch1:         0002-more.patch\nPatch2:         0003-new.patch\n\nBuildRequires');
  });

  it('like srpmproc, leaves the first line under %changelog alone', () => {
    const out = spec('spec_change { search_and_replace { any: true find: "RHEL-1" replace: "RHEL-9" n: -1 } }', { spec: SPEC.replace('Someone <', 'Someone RHEL-1 <') });
    expect(out).toContain('* Mon Jan 01 2024 Someone RHEL-1 <someone@example.org> - 1.2-3\n- CentOS rebuild\n- Resolves: RHEL-9\n');
  });

  it('a search string that is not in the spec is an error naming the cfg, the directive and the fix', () => {
    const e = thrown(() => run('spec_change {\n  search_and_replace {\n    any: true\n    find: "redhat"\n    replace: "openela"\n    n: -1\n  }\n}\n'));
    expect(e.format()).toBe(
      'PATCHES/test.cfg:2:3: spec_change.search_and_replace #1: "redhat" is not in SPECS/demo.spec (any, n: -1)\n' +
        "  next: update find: to the spec's current text, or drop this search_and_replace from PATCHES/test.cfg",
    );
  });
});

describe('spec_change append', () => {
  it('to a field: the value is appended on every such line, alignment kept', () => {
    expect(lineDiff(SPEC, spec('spec_change { append { field: "Release" value: ".openela.0.1" } }'))).toEqual({ added: ['Release:        3%{?dist}.openela.0.1'], removed: ['Release:        3%{?dist}'] });
    expect(thrown(() => run('spec_change { append { field: "release" value: ".1" } }')).format()).toMatch(/spec_change\.append #1: no 'release:' line in the spec/);
  });

  it('to a section: a line after its last non-blank line', () => {
    expect(spec('spec_change { append { field: "%prep" value: "sed -i s/centos/openela/ demo.conf" } }')).toContain('%patch -P1 -p1\nsed -i s/centos/openela/ demo.conf\n\n%build');
    expect(thrown(() => run('spec_change { append { field: "%check" value: "x" } }')).format()).toMatch(/no '%check' section header line/);
  });
});

describe('spec_change file', () => {
  it('add Patch: number = last + 1, after the last Patch tag, aligned like it; add_to_prep + n_path add %patch at the end of %prep', () => {
    const out = spec('spec_change { file { name: "5000-add-openela.patch" type: Patch add: true add_to_prep: true n_path: 1 } }');
    expect(lineDiff(SPEC, out)).toEqual({ added: ['Patch2:         5000-add-openela.patch', '%patch -P2 -p1'], removed: [] });
    expect(out).toContain('Patch1:         0002-more.patch\nPatch2:         5000-add-openela.patch\n\nBuildRequires');
    expect(out).toContain('%patch -P1 -p1\n%patch -P2 -p1\n\n%build');
  });

  it('disable_auto_align writes one space; add Source goes after the last Source tag', () => {
    const out = spec('spec_change { file { name: "openela.conf" type: Source add: true } file { name: "x.patch" type: Patch add: true } disable_auto_align: true }');
    expect(out).toContain('Source1:        demo.conf\nSource2: openela.conf\n');
    expect(out).toContain('Patch2: x.patch\n');
  });

  it('delete: drops the tag line whose value is the name, not the %patch line nor the file', () => {
    const { result } = run('spec_change { file { name: "0002-more.patch" type: Patch delete: true } }');
    expect(lineDiff(SPEC, text(result.tree, 'SPECS/demo.spec')!)).toEqual({ added: [], removed: ['Patch1:         0002-more.patch'] });
    expect(result.tree.has('SOURCES/0002-more.patch')).toBe(true);
    expect(thrown(() => run('spec_change { file { name: "gone.patch" type: Patch delete: true } }')).format()).toMatch(/spec_change\.file #1: no PatchN: line with the value 'gone\.patch' in the spec\n  next: the upstream spec may have dropped it/);
  });

  it('a spec without Patch tags gets Patch1 after the Sources, after a blank line', () => {
    const noPatch = SPEC.replace('Patch0:         0001-fix.patch\nPatch1:         0002-more.patch\n\n', '');
    expect(spec('spec_change { file { name: "x.patch" type: Patch add: true } }', { spec: noPatch })).toContain('Source1:        demo.conf\n\nPatch1:         x.patch\n\nBuildRequires');
  });

  it('a number that is already taken is an error', () => {
    const clash = SPEC.replace('Patch0:         0001-fix.patch', 'Patch2:         0001-fix.patch');
    expect(thrown(() => run('spec_change { file { name: "x.patch" type: Patch add: true } }', { spec: clash })).format()).toMatch(/Patch2 already exists in the spec/);
  });

  it('grammar that srpmproc would act on wrongly is refused up front', () => {
    expect(thrown(() => run('spec_change { file { name: "x" type: Unknown add: true } }')).format()).toMatch(/spec_change\.file #1: type is Unknown\n  next: set type: Source or type: Patch/);
    expect(thrown(() => run('spec_change { file { name: "x" type: Patch add: false } }')).format()).toMatch(/add\/delete is false \(srpmproc would still act on it\)/);
    expect(thrown(() => run('spec_change { new_field { key: "Source9" value: "x" } }')).format()).toMatch(/is a Source\/Patch tag/);
  });
});

describe('spec_change new_field', () => {
  it('goes after the last line of the same field, else after the tags', () => {
    const out = spec('spec_change { new_field { key: "BuildRequires" value: "make" } new_field { key: "Provides" value: "demo-openela" } }');
    expect(out).toContain('BuildRequires:  gcc\nBuildRequires:  make\n');
    expect(out).toContain('Patch1:         0002-more.patch\n\nProvides:       demo-openela\n\nBuildRequires');
  });
});

describe('spec_change changelog', () => {
  it('puts one entry per operation at the top, with its author, the date given and the spec Version (unexpanded, like OpenELA\'s output)', () => {
    const out = spec('spec_change { changelog { author_name: "Release Engineering" author_email: "releng@openela.org" message: "Debrand" message: "Add OpenELA CA" } changelog { author_name: "Jane" author_email: "jane@example.org" message: "second" } }');
    expect(out).toContain(
      '%changelog\n* Thu Mar 14 2024 Release Engineering <releng@openela.org> - 1.2\n- Debrand\n- Add OpenELA CA\n\n* Thu Mar 14 2024 Jane <jane@example.org> - 1.2\n- second\n\n* Mon Jan 01 2024 Someone',
    );
  });

  it('with an import name, the version is srpmproc\'s VERSION-RELEASE from it; Release appends are added', () => {
    const out = spec('spec_change { append { field: "Release" value: ".openela.0" } changelog { author_name: "R" author_email: "r@x" message: "m" } }', { importName: 'demo-1.2-3.el9_3.1' });
    expect(out).toContain('* Thu Mar 14 2024 R <r@x> - 1.2-3.openela.0\n');
  });

  it('creates %changelog when the spec has none', () => {
    const none = SPEC.slice(0, SPEC.indexOf('\n%changelog') + 1);
    expect(spec('spec_change { changelog { author_name: "R" author_email: "r@x" message: "m" } }', { spec: none }).endsWith('/usr/bin/demo\n\n%changelog\n* Thu Mar 14 2024 R <r@x> - 1.2\n- m\n')).toBe(true);
  });
});

describe('spec_change keeps every other byte', () => {
  it('CRLF specs stay CRLF, untouched lines identical', () => {
    const crlf = SPEC.replaceAll('\n', '\r\n');
    const out = spec('spec_change { file { name: "x.patch" type: Patch add: true } append { field: "Release" value: ".1" } }', { spec: crlf });
    expect(out).toBe(crlf.replace('Release:        3%{?dist}', 'Release:        3%{?dist}.1').replace('0002-more.patch\r\n', '0002-more.patch\r\nPatch2:         x.patch\r\n'));
  });

  it('needs exactly one spec in SPECS/', () => {
    expect(thrown(() => run('spec_change { append { field: "Release" value: ".1" } }', { files: { 'SPECS/other.spec': 'Name: x\n' } })).format()).toMatch(/ONLY_ONE_SPEC_FILE_IS_SUPPORTED\); SPECS\/ holds 2 entries/);
  });
});
