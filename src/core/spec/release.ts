import { DistsyncError } from '../errors.js';
import { replaceLineText } from './document.js';
import { definitionHolding, setTagValue } from './set-tag.js';
import { structureOf } from './structure.js';
import { getTag } from './tags.js';
import type { SpecDocument } from './types.js';

/**
 * Change the leading number of Release ('5%{?dist}' -> f(5) + '%{?dist}').
 * %autorelease specs come back unchanged. When Release is a macro defined in
 * the spec (%global rel 5), the definition changes instead.
 */
function editRelease(doc: SpecDocument, f: (n: number) => number): SpecDocument {
  const tag = getTag(doc, 'Release');
  if (!tag || tag.fromList) {
    throw new DistsyncError('bad-spec', 'the spec has no Release tag', {
      ...(doc.file !== undefined ? { file: doc.file } : {}),
      next: "add 'Release: 1%{?dist}' to the preamble",
    });
  }
  if (/%\{?\??autorelease\b/.test(tag.value)) return doc;
  const m = /^(\d+)(.*)$/.exec(tag.value);
  if (m) return setTagValue(doc, 'Release', `${f(Number(m[1]))}${m[2]}`);
  const def = definitionHolding(doc, tag);
  const body = def ? structureOf(doc).texts[def.line]!.slice(def.prefix.length, -def.suffix.length || undefined) : '';
  const dm = /^(\d+)(.*)$/.exec(body);
  if (!def || !dm) {
    throw new DistsyncError('bad-spec', `Release '${tag.value}' does not start with a number`, {
      ...(doc.file !== undefined ? { file: doc.file } : {}),
      line: tag.line + 1,
      next: 'set the Release tag by hand (or use %autorelease)',
    });
  }
  return replaceLineText(doc, def.line, `${def.prefix}${f(Number(dm[1]))}${dm[2]}${def.suffix}`);
}

/** Release back to 1, keeping what follows the number ('5%{?dist}' -> '1%{?dist}'). */
export function resetRelease(doc: SpecDocument): SpecDocument {
  return editRelease(doc, () => 1);
}

/** Release's leading number + 1 ('5%{?dist}' -> '6%{?dist}'). */
export function bumpRelease(doc: SpecDocument): SpecDocument {
  return editRelease(doc, (n) => n + 1);
}
