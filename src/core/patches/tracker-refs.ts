import { parseCommitMessage, type Trailer } from './commit-message.js';

/**
 * Tracker references in commit trailers, as RHEL and Fedora maintainers write them:
 * `Resolves: RHEL-1234`, `Related: rhbz#2045678`, `Resolves: JIRA:RHELPLAN-12345`
 * (several per line, separated by commas or spaces).
 */
export interface TrackerRefs {
  resolves: string[];
  related: string[];
  /** Values of Resolves/Related trailers that are not a reference we know (kept out of the lists above). */
  unrecognised: string[];
}

const REF = /^(rhbz#\d+|RHEL-\d+|JIRA:[A-Z][A-Z0-9_]*-\d+)$/;
const KEYS = { resolves: 'Resolves', related: 'Related' } as const;

export function isTrackerRef(token: string): boolean {
  return REF.test(token);
}

/** The tracker references in one commit message's trailer block. */
export function trackerRefsOf(message: string): TrackerRefs {
  const out: TrackerRefs = { resolves: [], related: [], unrecognised: [] };
  for (const t of parseCommitMessage(message).trailers) {
    const kind = t.key.toLowerCase() === 'resolves' ? 'resolves' : t.key.toLowerCase() === 'related' ? 'related' : undefined;
    if (!kind) continue;
    for (const token of t.value.split(/[\s,]+/).filter(Boolean)) (isTrackerRef(token) ? out[kind] : out.unrecognised).push(token);
  }
  return out;
}

/** Several commits' references in order, each once; a reference one commit resolves is not also listed as related. */
export function mergeTrackerRefs(all: readonly TrackerRefs[]): TrackerRefs {
  const resolves = [...new Set(all.flatMap((r) => r.resolves))];
  const related = [...new Set(all.flatMap((r) => r.related))].filter((r) => !resolves.includes(r));
  return { resolves, related, unrecognised: [...new Set(all.flatMap((r) => r.unrecognised))] };
}

export function hasTrackerRef(r: TrackerRefs): boolean {
  return r.resolves.length + r.related.length > 0;
}

/** One trailer per reference, Resolves first (what RHEL's dist-git tooling reads). */
export function trackerTrailers(r: TrackerRefs): Trailer[] {
  return [...r.resolves.map((value) => ({ key: KEYS.resolves, value })), ...r.related.map((value) => ({ key: KEYS.related, value }))];
}

/** `%changelog` lines for the references not yet mentioned in `entryText`: `- Resolves: RHEL-1, rhbz#2`, `- Related: …`. */
export function changelogRefLines(r: TrackerRefs, entryText: string): string[] {
  const mentioned = new Set(entryText.split(/[\s,()]+/).filter(Boolean));
  const fresh = (refs: string[]) => refs.filter((x) => !mentioned.has(x));
  return [
    ...(fresh(r.resolves).length ? [`- Resolves: ${fresh(r.resolves).join(', ')}`] : []),
    ...(fresh(r.related).length ? [`- Related: ${fresh(r.related).join(', ')}`] : []),
  ];
}
