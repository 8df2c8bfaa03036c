/**
 * Open Patch (srpmproc) directives: parse/print the .cfg textproto, apply directives to a dist-git
 * tree held in memory. Pure: no fs, git, HTTP or clock (the caller passes the date).
 */
export type * from './cfg-types.js';
export { parseCfg } from './parse-cfg.js';
export { printCfg, cfgMessage } from './print-cfg.js';
export type * from './tree-types.js';
export { applyDirectives } from './apply-directives.js';
export { findDirectiveFiles } from './find-directive-files.js';
export { directiveLabel } from './directive-error.js';
export { effectLines, rebuildMessage, UPSTREAM_TRAILER, DIRECTIVES_TRAILER } from './rebuild-message.js';
export { upstreamBranchFor, importNameOf } from './branch-map.js';
