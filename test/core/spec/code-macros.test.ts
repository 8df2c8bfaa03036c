import { describe, expect, it } from 'vitest';
import { codeMacrosOf, expandMacros, parseSpec, tagFileName, listTags } from '../../../src/core/spec/index.js';
import { thrown } from '../../helpers/thrown.js';

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
Source2: u-%(echo 7 | \\
  tr 7 8).tar.gz
%global esc %(printf '%s' 'a\\\\tb')
%description
t
%changelog
* Sun Nov 22 2026 A <a@example.org> - 1-1
- mentions %(date) in text
`;

describe('codeMacrosOf / MacroContext.evaluated', () => {
  const doc = parseSpec(spec, 't.spec');

  it('finds every %(…) and %{lua:…} as the expander meets it; not %%(…), not %changelog; one a tag continues onto the next line apart', () => {
    expect(codeMacrosOf(doc)).toEqual({
      // a %global body as rpm stores it: backslash-newline made a newline, every other backslash dropped (the next character kept)
      sent: ['%(c=%{commit}; echo ${c:0:7})', '%(echo a \n  b)', '%(echo 1.2.3)', '%{lua: print("x.txt")}', "%(printf '%s' 'a\\tb')"],
      unsent: [{ text: '%(echo 7 | \\', line: 10, why: 'continues-past-line' }],
    });
  });

  it('a multi-line %global body is met whole (its value stands in); a tag continued onto the next line is refused saying so', () => {
    const evaluated = { '%(echo a \n  b)': 'a', '%(echo 1.2.3)': '1.2.3' };
    expect(expandMacros(doc, '%{multi}', { evaluated })).toEqual({ value: 'a', unresolved: [] });
    const e = thrown(() => tagFileName(doc, listTags(doc, 'Source')[2]!, { evaluated }));
    expect(e.message).toBe("Source2 names 'u-%(echo 7 | \\': its file name needs %(echo 7 | \\, which distsync does not evaluate");
    expect(e.next).toMatch(/^the code macro at line 11 continues onto the next line, and distsync reads a tag one line at a time, so rpm was not asked about it .*: move the code into a %global before the tag/);
  });

  it("rpm's values stand in for the texts wherever they are met (tags, %global bodies, %{version})", () => {
    const evaluated = { '%(c=%{commit}; echo ${c:0:7})': '0123456', '%(echo 1.2.3)': '1.2.3', '%{lua: print("x.txt")}': 'x.txt' };
    const [s0, s1] = listTags(doc, 'Source');
    expect(tagFileName(doc, s0!, { evaluated })).toBe('t-1.2.3-0123456.tar.gz');
    expect(tagFileName(doc, s1!, { evaluated })).toBe('x.txt');
    expect(expandMacros(doc, '%{version}', { evaluated })).toEqual({ value: '1.2.3', unresolved: [] });
  });

  it('without values: refused, naming the tag, the macro and --eval-with-rpm', () => {
    const e = thrown(() => tagFileName(doc, listTags(doc, 'Source')[0]!));
    expect(e.message).toBe("Source0 names 't-%{version}-%{short}.tar.gz': its file name needs %(echo 1.2.3), %(c=%{commit}; echo ${c:0:7}), which distsync does not evaluate");
    expect(e.line).toBe(9);
    expect(e.next).toMatch(/^pass --eval-with-rpm \(the App: DISTSYNC_EVAL_WITH_RPM=1\) to have real rpm evaluate it in a sandbox/);
  });
});
