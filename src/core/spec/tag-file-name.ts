import { DistsyncError } from '../errors.js';
import { codeMacrosOf, runsCode } from './code-macros.js';
import { evaluationOf } from './evaluate.js';
import type { MacroContext, SpecDocument, SpecTag } from './types.js';

/**
 * The file name rpm reads for a Source/Patch tag: the last path segment of
 * its value (URL or '#/name' fragment), expanded with the macros in force
 * where rpm reads the tag (a later `%package` with its own Version: does not
 * change it). A segment that still holds a macro distsync does not evaluate
 * (`%(…)`, `%{lua:…}`, an unknown one) is refused, naming the tag and the
 * macro: an unexpanded macro never becomes a file name.
 */
export function tagFileName(doc: SpecDocument, tag: SpecTag, ctx: MacroContext = {}): string {
  const { value, unresolved } = evaluationOf(doc, ctx).expand(tag.value, tag.line);
  const spans = unresolvedSpans(value, unresolved);
  let cut = -1;
  for (let k = value.length - 1; k >= 0; k--) {
    if (value[k] === '/' && !spans.some(([a, b]) => k >= a && k < b)) {
      cut = k;
      break;
    }
  }
  const file = value.slice(cut + 1);
  const inFile = unresolved.filter((u) => spans.some(([a, b]) => b > cut + 1 && value.slice(a, b) === u));
  const label = `${tag.name}${tag.number ?? ''}`;
  if (inFile.length > 0 || /[%{}]/.test(file)) {
    const macros = inFile.length > 0 ? inFile : unresolved;
    throw new DistsyncError('bad-spec', `${label} names '${tag.value}': its file name needs ${macros.length ? macros.join(', ') : 'a macro'}, which distsync does not evaluate`, {
      ...(doc.file !== undefined ? { file: doc.file } : {}),
      line: tag.line + 1,
      next: nextStep(doc, macros, ctx),
    });
  }
  if (file === '' || file === '.' || file === '..') {
    throw new DistsyncError('bad-spec', `${label} names '${tag.value}', which does not end in a file name`, {
      ...(doc.file !== undefined ? { file: doc.file } : {}),
      line: tag.line + 1,
      next: 'write the file name literally or with %{name}/%{version}/%global macros',
    });
  }
  return file;
}

function nextStep(doc: SpecDocument, macros: readonly string[], ctx: MacroContext): string {
  const literal = 'write the file name literally or with %{name}/%{version}/%global macros';
  if (!macros.some(runsCode)) return `${literal} (distsync never runs the code in a spec)`;
  if (ctx.evaluated === undefined) return `pass --eval-with-rpm (the App: DISTSYNC_EVAL_WITH_RPM=1) to have real rpm evaluate it in a sandbox (no network, read-only spec, time and memory limits), or ${literal}`;
  const unsent = codeMacrosOf(doc).unsent.find((u) => macros.includes(u.text));
  if (unsent?.why === 'never-closes') return `the code macro at line ${unsent.line + 1} never closes, so rpm was not asked about it: close it, or ${literal}`;
  if (unsent) {
    return `the code macro at line ${unsent.line + 1} continues onto the next line, and distsync reads a tag one line at a time, so rpm was not asked about it (--eval-with-rpm sends only what distsync meets whole): move the code into a %global before the tag (its body may span lines with a backslash at the end of each), or ${literal}`;
  }
  return `real rpm (--eval-with-rpm) gave no value for this text as distsync meets it (only the %(…) / %{lua:…} written in the spec are sent, not ones built by expanding other macros); ${literal}`;
}

/** [start, end) of every place an unresolved macro text stays in the expanded value. */
function unresolvedSpans(value: string, unresolved: readonly string[]): [number, number][] {
  const out: [number, number][] = [];
  for (const u of new Set(unresolved)) {
    if (u === '') continue;
    for (let at = value.indexOf(u); at >= 0; at = value.indexOf(u, at + 1)) out.push([at, at + u.length]);
  }
  return out;
}
