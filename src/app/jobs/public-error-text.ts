import { tmpdir } from 'node:os';
import { isDistsyncError } from '../../core/errors.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An error as shown in public (check runs, issues, comments): the message and its `next:`, with
 * the server's paths named instead — job worktrees as `paths` says (e.g. `<dist-git rawhide>`),
 * anything else under the git cache as `<cache>`, under the temp dir as `<temp>`.
 */
export function publicErrorText(e: unknown, paths: Record<string, string>, cacheDir?: string): string {
  let text = isDistsyncError(e) ? e.format() : e instanceof Error ? e.message : String(e);
  for (const [dir, name] of Object.entries(paths).sort(([a], [b]) => b.length - a.length)) text = text.split(dir).join(name);
  for (const [root, name] of [[cacheDir, '<cache>'], [tmpdir(), '<temp>']] as const) {
    if (root) text = text.replace(new RegExp(`${escape(root)}[^\\s'"\`:,;)]*`, 'g'), name);
  }
  return text;
}
