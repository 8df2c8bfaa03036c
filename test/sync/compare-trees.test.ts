import { describe, expect, it } from 'vitest';
import { analysePrep, parseSpec } from '../../src/core/spec/index.js';
import { diffTrees, explainDifferences, type TreeEntry } from '../../src/sync/compare-trees.js';
import { expandBraces } from '../../src/sync/shell-braces.js';

const spec = (prep: string) =>
  parseSpec(`Name: demo\nVersion: 1.0\nRelease: 1\nSummary: s\nLicense: MIT\nSource0: demo-%{version}.tar.gz\n\n%description\nd\n\n%prep\n${prep}\n\n%build\n`);
const tree = (paths: string[]) => new Map<string, TreeEntry>(paths.map((p) => [p, { mode: '100644', blob: 'b' }]));

describe('which tree differences a %prep line explains', () => {
  it('bash brace expansion: `mv dir/README{,.back_perl}` (el9 openldap) explains both the missing README and the new README.back_perl', () => {
    const prep = analysePrep(spec('%setup -q -c\npushd demo-1.0\nmv servers/back-perl/README{,.back_perl}\npopd'));
    const source = tree(['demo-1.0/servers/back-perl/README', 'demo-1.0/other']);
    const prepared = tree(['demo-1.0/servers/back-perl/README.back_perl', 'demo-1.0/other']);
    const { explained, mismatches } = explainDifferences(diffTrees(source, prepared), prep, new Set(source.keys()));
    expect(mismatches).toEqual([]);
    expect(explained.map((e) => [e.path, e.why])).toEqual([
      ['demo-1.0/servers/back-perl/README', 'removed by %prep line 14: mv servers/back-perl/README{,.back_perl}'],
      ['demo-1.0/servers/back-perl/README.back_perl', 'created by %prep line 14: mv servers/back-perl/README{,.back_perl}'],
    ]);
  });

  it('a file no line names stays a mismatch, braces or not', () => {
    const prep = analysePrep(spec('%setup -q\nmv README{,.old}'));
    const { mismatches } = explainDifferences(diffTrees(tree(['NEWS']), tree([])), prep, new Set(['NEWS']));
    expect(mismatches).toEqual([{ path: 'NEWS', kind: 'only-in-source-git' }]);
  });

  it('expandBraces: lists (nested, several), but not ${var}, %{macro} or a group without a comma', () => {
    expect(expandBraces('README{,.back_perl}')).toEqual(['README', 'README.back_perl']);
    expect(expandBraces('a{b,c{d,e}}f')).toEqual(['abf', 'acdf', 'acef']);
    expect(expandBraces('{x,y}/{1,2}')).toEqual(['x/1', 'x/2', 'y/1', 'y/2']);
    expect(expandBraces('${RPM_BUILD_ROOT}/a')).toEqual(['${RPM_BUILD_ROOT}/a']);
    expect(expandBraces('%{name}-{a,b}')).toEqual(['%{name}-a', '%{name}-b']);
    expect(expandBraces('file{one}')).toEqual(['file{one}']);
    expect(expandBraces('unclosed{a,b')).toEqual(['unclosed{a,b']);
  });
});
