import { DistsyncError } from '../errors.js';

/**
 * The upstream dist-git branch a rebuild branch follows, by OpenELA's names: `elN` ↔ `cNs`,
 * `elN-stream-S` ↔ `cNs-stream-S`, `elN-modulemd-S` ↔ `cNs-modulemd-S`; a `-contrib` suffix follows
 * the same upstream branch. `overrides` (from config: rebuild branch → upstream branch) win.
 */
export function upstreamBranchFor(branch: string, overrides: Readonly<Record<string, string>> = {}): string {
  const own = overrides[branch];
  if (own) return own;
  const m = /^el(\d+)(-(?:stream|modulemd)-[A-Za-z0-9._+-]+?)?(-contrib)?$/.exec(branch);
  if (!m) {
    throw new DistsyncError('usage', `'${branch}' is not an OpenELA branch name (elN, elN-stream-S, elN-modulemd-S, optionally -contrib)`, {
      next: `pass --upstream-branch or --map ${branch}=<upstream branch> (CLI), or set upstream_branches: { ${branch}: <upstream branch> } in .distsync/openpatch.yaml (App)`,
    });
  }
  return `c${m[1]}s${m[2] ?? ''}`;
}

/** The srpmproc import name in an upstream import commit's subject ('import nginx-1.22.1-5.module+el9…'). */
export function importNameOf(subject: string): string | undefined {
  const m = /^import (\S+)\s*$/.exec(subject.trim());
  return m ? m[1] : undefined;
}
