import type { CommitMessage } from './commit-message.js';
import { gitTitle } from './patch-name.js';

/**
 * What distsync writes above a PatchN tag it adds (config `new_patch_comments`):
 * - 'packit' (default): what Packit 1.16 writes: the Patch-status trailer;
 *   without one, the commit's subject and body (trailers left out); when no
 *   commit of the range carries any Packit trailer, the subject and
 *   'Author: Name <email>'.
 * - 'status': the Patch-status trailer only.
 * - 'none': no comment.
 */
export type NewPatchCommentStyle = 'packit' | 'status' | 'none';

export interface PatchCommentInput {
  status?: string;
  message: CommitMessage;
  author: { name: string; email: string };
  /** Some commit of the range carries a Packit trailer (Packit then reads messages, not authors). */
  rangeHasTrailers: boolean;
}

/** Packit's trailer keys: one of them on any commit switches Packit to its trailer mode. */
export const PACKIT_TRAILER_KEYS = ['Patch-name', 'Patch-id', 'Patch-status', 'Patch-present-in-specfile', 'Ignore-patch', 'No-prefix'];

/**
 * The comment lines (without the leading '# ') above a new PatchN tag.
 * Status lines that already start with '#' (Packit's init writes
 * `Patch-status: |` + `    # <spec comment>`) lose that '#', so the spec
 * gets one '#', not Packit's '# #'.
 */
export function patchCommentLines(style: NewPatchCommentStyle, p: PatchCommentInput): string[] {
  if (style === 'none') return [];
  if (p.status) return p.status.split('\n').map((l) => l.trimEnd().replace(/^#[ ]?/, ''));
  if (style === 'status') return [];
  const title = gitTitle(p.message.subject);
  if (!p.rangeHasTrailers) return [title, `Author: ${p.author.name} <${p.author.email}>`];
  const body = p.message.body.replace(/^\s*\n/, '').trimEnd();
  const lines = body ? [title, '', ...body.split('\n').map((l) => l.trimEnd())] : [title];
  return lines;
}

/**
 * Two spec comments say the same: compared without '#' marks, whitespace,
 * line folding, '%%' escapes and a leading '[PATCH n/m]'. An existing tag
 * whose comment says the same as the new one keeps its bytes (no churn
 * after Packit wrote it its way).
 */
export function sameComment(a: readonly string[], b: readonly string[]): boolean {
  return commentKey(a) === commentKey(b);
}

function commentKey(lines: readonly string[]): string {
  return lines
    .map((l) => l.replace(/^[\s#]+/, '').replace(/%%/g, '%'))
    .join(' ')
    .replace(/^\[PATCH[^\]]*\]\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
}
