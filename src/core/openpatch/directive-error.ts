import { DistsyncError } from '../errors.js';
import type { DirectiveRef } from './tree-types.js';

/** 'replace #2' */
export function directiveLabel(ref: DirectiveRef): string {
  return `${ref.kind} #${ref.index}`;
}

/** A directive that does not apply: names the .cfg (with line and column), the directive and the fix. */
export function directiveError(ref: DirectiveRef, problem: string, next: string): DistsyncError {
  return new DistsyncError('bad-directive', `${directiveLabel(ref)}: ${problem}`, {
    file: ref.cfg,
    ...(ref.at ? { line: ref.at.line, column: ref.at.column } : {}),
    next,
  });
}
