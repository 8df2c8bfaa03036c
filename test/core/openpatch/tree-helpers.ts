import { applyDirectives, parseCfg, type ApplyDirectivesResult, type TreeFile } from '../../../src/core/openpatch/index.js';

export const DATE = new Date('2024-03-14T12:00:00Z');

export function tree(files: Record<string, string | Uint8Array>): Map<string, TreeFile> {
  return new Map(Object.entries(files).map(([p, v]) => [p, { data: typeof v === 'string' ? new TextEncoder().encode(v) : v, mode: p.endsWith('.sh') ? '100755' : '100644' }]));
}

export function text(t: ReadonlyMap<string, TreeFile>, path: string): string | undefined {
  const f = t.get(path);
  return f ? new TextDecoder().decode(f.data) : undefined;
}

export const SPEC = `Name:           demo
Version:        1.2
Release:        3%{?dist}
Summary:        Demo package

License:        MIT
URL:            https://example.org/demo
Source0:        demo-1.2.tar.gz
Source1:        demo.conf

Patch0:         0001-fix.patch
Patch1:         0002-more.patch

BuildRequires:  gcc

%description
A demo. CentOS ships it.

%prep
%setup -q
%patch -P0 -p1
%patch -P1 -p1

%build
make

%install
make install DESTDIR=%{buildroot}

%files
/usr/bin/demo

%changelog
* Mon Jan 01 2024 Someone <someone@example.org> - 1.2-3
- CentOS rebuild
- Resolves: RHEL-1
`;

/** The demo dist-git tree, the patch repo files, and a cfg at PATCHES/test.cfg. */
export function run(cfgText: string, opts: { files?: Record<string, string | Uint8Array>; patches?: Record<string, string | Uint8Array>; spec?: string; importName?: string; blobs?: Map<string, Uint8Array> } = {}): { result: ApplyDirectivesResult; input: Map<string, TreeFile> } {
  const input = tree({ 'SPECS/demo.spec': opts.spec ?? SPEC, 'SOURCES/0001-fix.patch': 'fix\n', 'SOURCES/0002-more.patch': 'more\n', 'SOURCES/demo.conf': 'a = 1\nb = 2\n', 'SOURCES/run.sh': '#!/bin/sh\necho centos\n', '.demo.metadata': `${'a'.repeat(64)} SOURCES/demo-1.2.tar.gz\n`, '.gitignore': 'SOURCES/demo-1.2.tar.gz\n', ...opts.files });
  const patchTree = tree({ 'PATCHES/test.cfg': cfgText, ...opts.patches });
  const result = applyDirectives({
    cfgs: [parseCfg(cfgText, 'PATCHES/test.cfg')],
    patchTree,
    tree: input,
    date: DATE,
    ...(opts.importName ? { importName: opts.importName } : {}),
    ...(opts.blobs ? { blobs: opts.blobs } : {}),
  });
  return { result, input };
}

/** Lines of `after` not in `before` and the other way round (a multiset diff, order ignored). */
export function lineDiff(before: string, after: string): { added: string[]; removed: string[] } {
  const count = (s: string) => {
    const m = new Map<string, number>();
    for (const l of s.split('\n')) m.set(l, (m.get(l) ?? 0) + 1);
    return m;
  };
  const a = count(before);
  const b = count(after);
  const added: string[] = [];
  const removed: string[] = [];
  for (const [l, n] of b) for (let k = a.get(l) ?? 0; k < n; k++) added.push(l);
  for (const [l, n] of a) for (let k = b.get(l) ?? 0; k < n; k++) removed.push(l);
  return { added, removed };
}
