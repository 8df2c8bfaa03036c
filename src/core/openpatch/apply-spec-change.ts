import { changelogDate, parseSpec, printSpec, type SpecDocument } from '../spec/index.js';
import { fromBinary, toBinary, utf8AsBinary } from './binary-string.js';
import type { ParsedCfg } from './cfg-types.js';
import { directiveError } from './directive-error.js';
import { changelogLines, changelogVersion } from './spec-changelog.js';
import { SpecEdits } from './spec-edits.js';
import { applyAppends, applyFileOps, applyNewFields, applySectionAppends } from './spec-change-steps.js';
import { fieldLine } from './spec-fields.js';
import { searchAndReplace } from './spec-search-replace.js';
import type { DirectiveEffect, DirectiveRef, TreeFile } from './tree-types.js';
import { refOf } from './validate-cfg.js';

export interface SpecStep {
  parsed: ParsedCfg;
  tree: Map<string, TreeFile>;
  date: Date;
  importName?: string;
  effects: DirectiveEffect[];
}

const S = utf8AsBinary;

/** The one spec srpmproc edits: the only entry of SPECS/ (ONLY_ONE_SPEC_FILE_IS_SUPPORTED otherwise). */
function theSpec(s: SpecStep, ref: DirectiveRef): string {
  const entries = new Set([...s.tree.keys()].filter((p) => p.startsWith('SPECS/')).map((p) => p.split('/')[1]!));
  if (entries.size !== 1) {
    const why = entries.size === 0 ? 'the tree has no SPECS/ directory' : `SPECS/ holds ${entries.size} entries (${[...entries].join(', ')})`;
    throw directiveError(ref, `spec_change needs exactly one file in SPECS/ (srpmproc: ONLY_ONE_SPEC_FILE_IS_SUPPORTED); ${why}`, 'apply spec_change to a CentOS-layout dist-git (SPECS/NAME.spec + SOURCES/)');
  }
  const path = `SPECS/${[...entries][0]}`;
  if (!s.tree.has(path)) throw directiveError(ref, `${path} is a directory, not a spec file`, 'keep only SPECS/NAME.spec');
  return path;
}

/** spec_change: search_and_replace, append, file delete/add (+ %patch in %prep), new_field, changelog. */
export function applySpecChange(s: SpecStep): void {
  const sc = s.parsed.cfg.spec_change;
  if (!sc) return;
  const ref = (kind: string, obj: object, i: number) => refOf(s.parsed, `spec_change.${kind}`, obj, i);
  const top: DirectiveRef = { cfg: s.parsed.file, kind: 'spec_change', index: 1 };
  const specPath = theSpec(s, top);
  const file = s.tree.get(specPath)!;
  const searched = searchAndReplace(parseSpec(toBinary(file.data), specPath), sc.search_and_replace, S);
  sc.search_and_replace.forEach((op, i) => {
    const r = ref('search_and_replace', op, i);
    const hit = searched.hits[i]!;
    const what = `${op.field !== undefined ? `field ${op.field}` : op.any ? 'any' : op.starts_with ? 'starts_with' : 'ends_with'}, n: ${op.n ?? 0}`;
    if ((op.n ?? 0) === 0) {
      s.effects.push({ ...r, summary: `${JSON.stringify(op.find)}: nothing replaced — n is 0 (not set), and srpmproc replaces nothing then; set n: 1 or n: -1` });
    } else if (hit.count === 0) {
      throw directiveError(r, `${JSON.stringify(op.find)} is not in ${specPath} (${what})`, `update find: to the spec's current text, or drop this search_and_replace from ${s.parsed.file}`);
    } else {
      s.effects.push({ ...r, summary: `${JSON.stringify(op.find)} → ${JSON.stringify(op.replace ?? '')}: ${hit.count} replacement${hit.count === 1 ? '' : 's'} on line${hit.lines.length === 1 ? '' : 's'} ${hit.lines.join(', ')} (${what})` });
    }
  });
  const doc = searched.doc;
  const edits = new SpecEdits(doc);
  const version = applyAppends(s, sc, doc, edits, ref);
  const prepLines = applyFileOps(s, sc, doc, edits, ref);
  applyNewFields(s, sc, doc, edits, ref);
  applySectionAppends(s, sc, doc, edits, ref, prepLines);
  if (sc.changelog.length > 0) {
    const pkg = specPath.slice('SPECS/'.length).replace(/\.spec$/, '');
    const v = changelogVersion(s.importName, pkg, '') || firstVersion(doc);
    const lines = changelogLines(sc.changelog, s.date, v + version, S);
    const h = doc.lines.findIndex((l) => l.text.trim() === '%changelog');
    if (h >= 0) edits.insertBefore(h + 1, lines);
    else {
      const blank = doc.lines.length === 0 || doc.lines[doc.lines.length - 1]!.text.trim() === '';
      edits.insertBefore(doc.lines.length, [...(blank ? [] : ['']), '%changelog', ...lines.slice(0, -1)]);
    }
    sc.changelog.forEach((c, i) => {
      const header = `* ${changelogDate(s.date)} ${c.author_name} <${c.author_email}> - ${Buffer.from(v + version, 'latin1').toString('utf8')}`;
      s.effects.push({ ...ref('changelog', c, i), summary: `entry '${header}' with ${c.message.length} line${c.message.length === 1 ? '' : 's'} at the top of %changelog` });
    });
  }
  s.tree.set(specPath, { data: fromBinary(printSpec(edits.apply())), mode: file.mode });
}

function firstVersion(doc: SpecDocument): string {
  for (const l of doc.lines) {
    const f = fieldLine(l.text);
    if (f?.name === 'Version') return f.value;
  }
  return '';
}

