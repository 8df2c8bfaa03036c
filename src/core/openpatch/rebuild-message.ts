import { directiveLabel } from './directive-error.js';
import type { DirectiveEffect } from './tree-types.js';

export const UPSTREAM_TRAILER = 'Upstream-dist-git-commit';
export const DIRECTIVES_TRAILER = 'Directives-commit';

/** One line per directive: 'PATCHES/pages.cfg:5:1 replace #2: SOURCES/404.html ← PATCHES/404.html (…)'. */
export function effectLines(effects: readonly DirectiveEffect[]): string[] {
  return effects.map((e) => `${e.cfg}${e.at ? `:${e.at.line}:${e.at.column}` : ''} ${directiveLabel(e)}: ${e.summary}`);
}

/**
 * The commit message of an applied/rebuilt tree: a subject, the directive report, then provenance
 * trailers (the upstream dist-git commit and the directive files' commit, when known).
 */
export function rebuildMessage(opts: { subject: string; effects: readonly DirectiveEffect[]; upstreamCommit?: string; directivesCommit?: string }): string {
  const trailers = [
    ...(opts.upstreamCommit ? [`${UPSTREAM_TRAILER}: ${opts.upstreamCommit}`] : []),
    ...(opts.directivesCommit ? [`${DIRECTIVES_TRAILER}: ${opts.directivesCommit}`] : []),
  ];
  return [opts.subject, '', ...effectLines(opts.effects).map((l) => `- ${l}`), ...(trailers.length ? ['', ...trailers] : []), ''].join('\n');
}
