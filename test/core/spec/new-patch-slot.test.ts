import { describe, expect, it } from 'vitest';
import { DistsyncError } from '../../../src/core/errors.js';
import { analysePrep, expandMacros, listTags, newPatchSlot, parseSpec, tagFileName } from '../../../src/core/spec/index.js';
import { prefixesFor } from '../../../src/sync/plan-patches.js';

const head = (extra = '') => `Name: demo\nVersion: 1.0\nRelease: 1\nSummary: s\nLicense: MIT\nSource0: demo-%{version}.tar.gz\n${extra}Patch0: a.patch\nPatch1: b.patch\n\n%description\nd\n\n`;
const slotOf = (prep: string, paths: string[] = [], extra = '') => newPatchSlot(analysePrep(parseSpec(`${head(extra)}%prep\n${prep}\n%build\n`)), paths);

describe('where a new patch lands, and how it must be written (issue 10 classes 1-4)', () => {
  it('class 1: %autosetup -S git / -S git_am without -p apply with git -p1: a/ b/ prefixes', () => {
    expect(slotOf('%autosetup -S git')).toMatchObject({ strip: 1, stripMode: 'tool-default', directory: '' });
    expect(slotOf('%autosetup -S git_am -n demo-1.0')).toMatchObject({ strip: 1, stripMode: 'tool-default' });
    expect(slotOf('%autosetup -N -S git\n%autopatch -p1')).toMatchObject({ strip: 1, stripMode: 'explicit' });
    expect(prefixesFor(1)).toEqual({});
  });

  it('class 2: %autosetup -c -N + pushd + %autopatch -p2: relative to the pushd dir, with a/NAME-VERSION/ as the extra component', () => {
    const slot = slotOf('%autosetup -c -N -n demo-1.0\npushd demo-1.0\n%autopatch -p2\npopd');
    expect(slot).toMatchObject({ strip: 2, directory: 'demo-1.0', buildDirectory: 'demo-1.0/demo-1.0' });
    expect(prefixesFor(slot.strip, slot.buildDirectory)).toEqual({ srcPrefix: 'a/demo-1.0/', dstPrefix: 'b/demo-1.0/' });
    expect(prefixesFor(3, 'x')).toEqual({ srcPrefix: 'a/x/x/', dstPrefix: 'b/x/x/' });
  });

  it('class 3: several pushd blocks: the new %patch line follows the last one whose directory holds the changed paths', () => {
    const prep = '%setup -q -c -a 0\npushd one\n%patch -P 0 -p1\npopd\npushd two\n%patch -P 1 -p1\npopd';
    expect(slotOf(prep, ['one/src/a.c'])).toMatchObject({ directory: 'one', afterStepLine: 15 });
    expect(slotOf(prep, ['two/README'])).toMatchObject({ directory: 'two', afterStepLine: 18 });
    // nothing fits: the last line (the writer then refuses paths outside its directory)
    expect(slotOf(prep, ['top.txt'])).toMatchObject({ directory: 'two' });
  });

  it('class 4: %autopatch / %autosetup without -p run patch without -p (base names); with -S git it is git -p1', () => {
    expect(slotOf('%autosetup')).toMatchObject({ strip: 0, stripMode: 'basename' });
    expect(slotOf('%setup -q\n%autopatch')).toMatchObject({ strip: 0, stripMode: 'basename' });
    expect(slotOf('%autosetup -N -S git\n%autopatch')).toMatchObject({ strip: 1, stripMode: 'tool-default' });
  });

  it('%autopatch -m/-M: the new number must stay in the range the run applies', () => {
    expect(slotOf('%autosetup -N\n%autopatch -p1 -M 9\n%ifarch aarch64\n%patch10 -p1\n%endif', [], 'Patch10: c.patch\n')).toMatchObject({ strip: 1, max: 9 });
  });
});

describe('Source/Patch file names (issue 10 classes 5 and 6)', () => {
  it('class 5: Source0 is read with the Version in force where rpm reads it, not a later %package Version:', () => {
    const doc = parseSpec(`${head()}%package -n libdemo\nVersion: 0\nSummary: lib\n\n%description -n libdemo\nl\n\n%prep\n%autosetup -p1\n`);
    const source0 = listTags(doc, 'Source')[0]!;
    expect(tagFileName(doc, source0)).toBe('demo-1.0.tar.gz');
    expect(expandMacros(doc, '%{version}').value).toBe('0'); // what rpm's %{version} is after the subpackage
  });

  it('class 6: a file name made by %(…) is refused, naming the tag and the macro', () => {
    const doc = parseSpec('Name: demo\nVersion: %(echo 1.0)\nSource0: https://x.org/v/demo-%{version}.tar.gz\nSource1: https://x.org/%{name}-%(c=abcdef1; echo ${c:0:7}).tar.gz\nSource2: %(echo https://x.org/a)/demo.tar.gz\n');
    const [s0, s1, s2] = listTags(doc, 'Source');
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as DistsyncError;
      }
      throw new Error('no error');
    };
    expect(err(() => tagFileName(doc, s0!)).message).toMatch(/^Source0 names .*%\(echo 1\.0\)/);
    const e1 = err(() => tagFileName(doc, s1!));
    expect(e1.message).toContain('Source1');
    expect(e1.message).toContain('%(c=abcdef1; echo ${c:0:7})');
    expect(e1.next).toContain('write the file name literally');
    // a macro only in the URL's directory part does not matter (util-linux's %(…) major version)
    expect(tagFileName(doc, s2!)).toBe('demo.tar.gz');
  });

  it('%{?x:%global …}%{!?x:%global …} on one line (ldns) defines the macro', () => {
    const doc = parseSpec('Name: ldns\nVersion: 1.7.1\n%{?extra:%global pkgname %{name}-%{version}%{extra}}%{!?extra:%global pkgname %{name}-%{version}}\n%{?!snapshot: %global snapshot 1}\n');
    expect(expandMacros(doc, '%{pkgname} %{snapshot}').value).toBe('ldns-1.7.1 1');
    expect(expandMacros(doc, '%{pkgname}', { defines: { extra: 'rc1' } }).value).toBe('ldns-1.7.1rc1');
  });
});
