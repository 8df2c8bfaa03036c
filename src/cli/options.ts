import { DistsyncError } from '../core/errors.js';
import type { MacroContext } from '../core/spec/index.js';

/** `--define 'NAME VALUE'` (repeatable), as rpmbuild takes it. */
export function collectDefine(value: string, previous: [string, string][] = []): [string, string][] {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s+(.*)$/s.exec(value);
  if (!m) {
    throw new DistsyncError('usage', `--define '${value}' is not 'NAME VALUE'`, { next: `e.g. --define 'dist .el9'` });
  }
  return [...previous, [m[1]!, m[2]!.trim()]];
}

/** Macro context for our own (safe) spec evaluation from CLI options. */
export function macroContext(opts: { define?: [string, string][]; target?: string }): MacroContext {
  return {
    ...(opts.target ? { arch: opts.target.split('-')[0]! } : {}),
    defines: Object.fromEntries(opts.define ?? []),
  };
}

/** --help text of --lookaside: every store form (sources are fetched from it, tarballs uploaded to it). */
export const LOOKASIDE_HELP =
  "the lookaside store: DIR (by name or Fedora's hashed layout); fedora+https://HOST/repo/pkgs[?namespace=NS] (dist-git lookaside root: downloads from …/NS/NAME/FILE/HASHTYPE/HASH/FILE, NS default rpms, ?namespace= for none; upload.cgi at …/upload.cgi; Authorization from $DISTSYNC_LOOKASIDE_AUTHORIZATION); s3://BUCKET/PREFIX?region=R[&endpoint=URL] ($AWS_ACCESS_KEY_ID / $AWS_SECRET_ACCESS_KEY); git+REPO-URL#BRANCH (tarballs as commits on BRANCH)";
