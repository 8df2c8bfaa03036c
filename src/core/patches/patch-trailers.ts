import { DistsyncError } from '../errors.js';
import { filterTrailers, getTrailer, type CommitMessage } from './commit-message.js';
import { validatePatchName } from './patch-name.js';
import { trailerYamlValue } from './trailer-yaml.js';

/** distsync's own trailers on source-git commits. */
export interface PatchTrailers {
  patchName?: string;
  patchId?: number;
  patchStatus?: string;
  presentInSpecfile: boolean;
  ignore: boolean;
  noPrefix: boolean;
  fromDistGitCommit?: string;
  fromSourceGitCommit?: string;
  distsyncSource?: string;
  /** The %prep shell line's patch file this commit is the effect of (`Distsync-prep-patch`): a SourceN, not a PatchN. */
  prepPatch?: string;
}

export const DISTSYNC_TRAILER_KEYS = [
  'Patch-name',
  'Patch-id',
  'Patch-status',
  'Patch-present-in-specfile',
  'Ignore-patch',
  'No-prefix',
  'From-dist-git-commit',
  'From-source-git-commit',
  'Distsync-source',
  'Distsync-prep-patch',
] as const;

const FIX = 'git commit --amend / git rebase -i to fix the trailer';

/**
 * Read and check distsync's trailers. Patch-name must be a plain file name,
 * Patch-id an integer 0–99999, the booleans true/false/yes/no/1/0 (any case).
 * Anything else is a bad-trailer error naming the commit and the trailer.
 */
export function readPatchTrailers(m: CommitMessage, commitSha?: string): PatchTrailers {
  const where = commitSha ? `commit ${commitSha.slice(0, 12)}` : 'commit message';
  const bad = (key: string, value: string, expected: string) =>
    new DistsyncError('bad-trailer', `${where}: trailer '${key}: ${value}' is invalid: expected ${expected}`, { next: FIX });
  const flag = (key: string): boolean => {
    const v = getTrailer(m, key);
    if (v === undefined) return false;
    const s = v.trim().toLowerCase();
    if (['true', 'yes', '1'].includes(s)) return true;
    if (['false', 'no', '0'].includes(s)) return false;
    throw bad(key, v, 'true or false');
  };
  const text = (key: string): string | undefined => {
    const v = getTrailer(m, key)?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const out: PatchTrailers = {
    presentInSpecfile: flag('Patch-present-in-specfile'),
    ignore: flag('Ignore-patch'),
    noPrefix: flag('No-prefix'),
  };
  const name = getTrailer(m, 'Patch-name');
  if (name !== undefined) out.patchName = validatePatchName(name.trim(), where);
  const id = getTrailer(m, 'Patch-id');
  if (id !== undefined) {
    if (!/^\d{1,5}$/.test(id.trim())) throw bad('Patch-id', id, 'a patch number from 0 to 99999');
    out.patchId = Number(id.trim());
  }
  // Packit writes multi-line statuses as a YAML block (`Patch-status: |` + indented lines) and reads them with YAML
  const rawStatus = getTrailer(m, 'Patch-status');
  const status = rawStatus === undefined ? undefined : trailerYamlValue(rawStatus);
  if (status) out.patchStatus = status;
  const fromDistGit = text('From-dist-git-commit');
  if (fromDistGit !== undefined) out.fromDistGitCommit = fromDistGit;
  const fromSourceGit = text('From-source-git-commit');
  if (fromSourceGit !== undefined) out.fromSourceGitCommit = fromSourceGit;
  const source = text('Distsync-source');
  if (source !== undefined) out.distsyncSource = source;
  const prepPatch = text('Distsync-prep-patch');
  if (prepPatch !== undefined) out.prepPatch = prepPatch;
  return out;
}

/** True for distsync's trailer keys (Patch-*, Ignore-patch, No-prefix, From-*-commit, Distsync-source, Distsync-prep-patch), any case. */
export function isDistsyncTrailerKey(key: string): boolean {
  const k = key.toLowerCase();
  return k.startsWith('patch-') || DISTSYNC_TRAILER_KEYS.some((d) => d.toLowerCase() === k);
}

/** The message without distsync's trailers, for the header of a patch file. */
export function stripDistsyncTrailers(m: CommitMessage): CommitMessage {
  return filterTrailers(m, (key) => !isDistsyncTrailerKey(key));
}
