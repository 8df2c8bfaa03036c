import { mergeTrackerRefs, trackerRefsOf, trackerTrailers, changelogRefLines, type TrackerRefs } from '../core/patches/tracker-refs.js';
import { formatCommitMessage, parseCommitMessage, withTrailers } from '../core/patches/index.js';
import { appendToNewestChangelogEntry, getChangelogEntries, parseSpec, printSpec, type SpecDocument } from '../core/spec/index.js';
import type { DistGitPlan } from './plan-dist-git.js';
import type { DistGitSnapshot } from './read-dist-git.js';

/** The dist-git commit message: the caller's, with the references of the synced commits and the From-source-git-commit trailer. */
export function distGitCommitMessage(message: string, refs: TrackerRefs, sgHead: string): string {
  const parsed = parseCommitMessage(message);
  const all = mergeTrackerRefs([trackerRefsOf(message), refs]);
  return formatCommitMessage(withTrailers(parsed, [...trackerTrailers(all), { key: 'From-source-git-commit', value: sgHead }]));
}

/**
 * When this sync brings a new %changelog entry (the spec's newest entry is not dist-git's
 * newest), the references of the synced commits it does not mention yet are added to it,
 * `- Resolves: RHEL-1234` style. Returns the note for the result, if any.
 */
export function addRefsToNewChangelogEntry(plan: DistGitPlan, dg: DistGitSnapshot, refs: TrackerRefs): string | undefined {
  const specPath = dg.layout.specPath;
  const text = plan.writes.get(specPath)?.toString('utf8');
  if (text === undefined) return undefined;
  const doc = parseSpec(text, specPath);
  const [newest] = getChangelogEntries(doc);
  const [theirs] = getChangelogEntries(dg.spec);
  if (!newest || (theirs && theirs.header === newest.header)) return undefined;
  const lines = changelogRefLines(refs, [newest.header, ...newest.lines].join('\n'));
  const res = appendToNewestChangelogEntry(doc, lines);
  if (!res.added) return undefined;
  plan.writes.set(specPath, Buffer.from(printSpec(res.doc), 'utf8'));
  return `%changelog: added ${lines.map((l) => l.slice(2)).join('; ')} to the new entry`;
}

/**
 * The spec source-git wants, with the reference lines an earlier sync added to dist-git's
 * newest %changelog entry (source-git's spec never has them) kept: they are not a difference.
 */
export function keepDistGitRefLines(specText: string, specPath: string, dgSpec: SpecDocument): string {
  const doc = parseSpec(specText, specPath);
  const [newest] = getChangelogEntries(doc);
  const [theirs] = getChangelogEntries(dgSpec);
  if (!newest || !theirs || theirs.header !== newest.header) return specText;
  const res = appendToNewestChangelogEntry(doc, theirs.lines.filter((l) => REF_LINE.test(l) && !newest.lines.includes(l)));
  return res.added ? printSpec(res.doc) : specText;
}

/** A line addRefsToNewChangelogEntry writes. */
const REF_LINE = /^- (Resolves|Related): /;
