import { describe, expect, it } from 'vitest';
import { codeMacrosOf, expandMacros, parseSpec, tagFileName, listTags } from '../../../src/core/spec/index.js';
import { DistsyncError } from '../../../src/core/errors.js';

const spec = `%global commit 0123456789abcdef
%global short %(c=%{commit}; echo \${c:0:7})
%global literal 100%%(not code)
%global multi %(echo a \\
  b)
Name: t
Version: %(echo 1.2.3)
Release: 1
Source0: t-%{version}-%{short}.tar.gz
Source1: %{lua: print("x.txt")}
%description
t
%changelog
* Sun Nov 22 2026 A <a@example.org> - 1-1
- mentions %(date) in text
`;

describe('codeMacrosOf / MacroContext.evaluated', () => {
  const doc = parseSpec(spec, 't.spec');

  it('finds every one-line %(…) and %{lua:…} as written; not %%(…), not %changelog; multi-line ones apart', () => {
    expect(codeMacrosOf(doc)).toEqual({
      oneLine: ['%(c=%{commit}; echo ${c:0:7})', '%(echo 1.2.3)', '%{lua: print("x.txt")}'],
      multiLine: ['%(echo a \\\n  b)'],
    });
  });

  it("rpm's values stand in for the texts wherever they are met (tags, %global bodies, %{version})", () => {
    const evaluated = { '%(c=%{commit}; echo ${c:0:7})': '0123456', '%(echo 1.2.3)': '1.2.3', '%{lua: print("x.txt")}': 'x.txt' };
    const [s0, s1] = listTags(doc, 'Source');
    expect(tagFileName(doc, s0!, { evaluated })).toBe('t-1.2.3-0123456.tar.gz');
    expect(tagFileName(doc, s1!, { evaluated })).toBe('x.txt');
    expect(expandMacros(doc, '%{version}', { evaluated })).toEqual({ value: '1.2.3', unresolved: [] });
  });

  it('without values: refused, naming the tag, the macro and --eval-with-rpm', () => {
    const e = (() => {
      try {
        tagFileName(doc, listTags(doc, 'Source')[0]!);
      } catch (x) {
        return x as DistsyncError;
      }
      throw new Error('no error');
    })();
    expect(e.message).toBe("Source0 names 't-%{version}-%{short}.tar.gz': its file name needs %(echo 1.2.3), %(c=%{commit}; echo ${c:0:7}), which distsync does not evaluate");
    expect(e.line).toBe(9);
    expect(e.next).toMatch(/^pass --eval-with-rpm \(the App: DISTSYNC_EVAL_WITH_RPM=1\) to have real rpm evaluate it in a sandbox/);
  });
});
