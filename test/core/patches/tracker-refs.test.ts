import { describe, expect, it } from 'vitest';
import { changelogRefLines, mergeTrackerRefs, trackerRefsOf, trackerTrailers } from '../../../src/core/patches/tracker-refs.js';
import { appendToNewestChangelogEntry, parseSpec, printSpec } from '../../../src/core/spec/index.js';

// References as they appear in real RHEL dist-git (fixtures/corpus specs: lz4 "Related: rhbz#1991688",
// nginx "Resolves: RHEL-12736", perl "Resolves: rhbz#1955873"; JIRA:RHELPLAN-… as RHEL 9 changelogs write it).
describe('tracker references in commit trailers', () => {
  it('reads Resolves/Related trailers with rhbz#, RHEL- and JIRA: references, several per line', () => {
    const msg = 'Fix potential memory corruption with negative memmove() size\n\nCVE-2021-3520.\n\nResolves: RHEL-12736, rhbz#1955873\nRelated: JIRA:RHELPLAN-103993 rhbz#1991688\nSigned-off-by: A Packager <a@example.org>\n';
    expect(trackerRefsOf(msg)).toEqual({ resolves: ['RHEL-12736', 'rhbz#1955873'], related: ['JIRA:RHELPLAN-103993', 'rhbz#1991688'], unrecognised: [] });
  });

  it('ignores references in the body and keeps typos apart', () => {
    expect(trackerRefsOf('Rebase (RHEL-286)\n\nSee Resolves: RHEL-1 in the text.\n')).toEqual({ resolves: [], related: [], unrecognised: [] });
    expect(trackerRefsOf('Fix\n\nResolves: RHEL1234\nRelated: bz#5\n')).toEqual({ resolves: [], related: [], unrecognised: ['RHEL1234', 'bz#5'] });
  });

  it('merges several commits: each reference once, Resolves wins over Related, one trailer each', () => {
    const merged = mergeTrackerRefs([trackerRefsOf('a\n\nRelated: RHEL-1\n'), trackerRefsOf('b\n\nResolves: RHEL-1\nResolves: rhbz#2\n'), trackerRefsOf('c\n\nResolves: rhbz#2\n')]);
    expect(merged).toEqual({ resolves: ['RHEL-1', 'rhbz#2'], related: [], unrecognised: [] });
    expect(trackerTrailers({ resolves: ['RHEL-1'], related: ['rhbz#3'], unrecognised: [] })).toEqual([
      { key: 'Resolves', value: 'RHEL-1' },
      { key: 'Related', value: 'rhbz#3' },
    ]);
  });

  it('writes %changelog lines only for references the entry does not mention yet', () => {
    const refs = { resolves: ['RHEL-25452', 'JIRA:RHELPLAN-103993'], related: ['rhbz#1991688'], unrecognised: [] };
    expect(changelogRefLines(refs, '* Mon Aug 09 2021 A <a@b> - 1-1\n- Fix the thing (RHEL-25452)')).toEqual(['- Resolves: JIRA:RHELPLAN-103993', '- Related: rhbz#1991688']);
    expect(changelogRefLines(refs, '- Resolves: RHEL-25452, JIRA:RHELPLAN-103993\n  Related: rhbz#1991688')).toEqual([]);
  });

  it('appends to the newest %changelog entry, before the blank line that ends it', () => {
    const spec = 'Name: x\n\n%changelog\n* Tue Dec 01 2026 P <p@example.org> - 1.9.3-6\n- Fix NEWS\n\n* Mon Aug 09 2021 Mohan Boddu <mboddu@redhat.com> - 1.9.3-5\n- Rebuilt\n  Related: rhbz#1991688\n';
    const res = appendToNewestChangelogEntry(parseSpec(spec, 'x.spec'), ['- Resolves: RHEL-12736']);
    expect(printSpec(res.doc)).toBe(spec.replace('- Fix NEWS\n', '- Fix NEWS\n- Resolves: RHEL-12736\n'));
    expect(appendToNewestChangelogEntry(parseSpec('Name: x\n', 'x.spec'), ['- Resolves: RHEL-1']).added).toBe(false);
  });
});
