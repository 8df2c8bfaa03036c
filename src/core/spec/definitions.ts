import { evalExpression, truthy } from './expression.js';
import { matchClose } from './macro-syntax.js';
import type { Evaluation } from './evaluate.js';
import type { MacroDef } from './macro-expand.js';
import type { Tri } from './types.js';

/** Preamble tags whose value rpm also defines as a macro (%{name}, %{version}, …). */
const TAG_MACROS = new Set([
  'Name', 'Version', 'Release', 'Epoch', 'Summary', 'License', 'SourceLicense', 'URL', 'Group',
  'Packager', 'Vendor', 'Distribution', 'BugURL', 'VCS', 'DistTag', 'ModularityLabel',
]);

const DEFINE_RE = /^[ \t]*%(define|global)[ \t]+([A-Za-z_][A-Za-z0-9_]*)(\([^)]*\))?(?:[ \t]+([\s\S]*))?$/;
const COND_DEFINE_RE = /^(!\?|\?!|\?)([A-Za-z_][A-Za-z0-9_]*):[ \t]*%(?:define|global)[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]+([\s\S]*)$/;
const UNDEFINE_RE = /^[ \t]*%undefine[ \t]+([A-Za-z_][A-Za-z0-9_]*)/;
const BCOND_OLD_RE = /^[ \t]*%bcond_(with|without)[ \t]+([A-Za-z0-9_]+)/;
const BCOND_RE = /^[ \t]*%bcond[ \t]+([A-Za-z0-9_]+)[ \t]+(.+?)[ \t]*$/;

/**
 * One pass in line order over everything that defines a macro: %define,
 * %global, %undefine, %bcond_with/%bcond_without/%bcond (rpm 4.17+),
 * `%{!?x:%global x …}`, and macro-defining tags. A definition on a line that
 * is not read for the context is skipped; on a line we cannot decide, the
 * macro becomes 'uncertain' (expansions using it stay unresolved).
 */
export function recordDefinitions(ev: Evaluation): void {
  const s = ev.s;
  for (let i = 0; i < s.texts.length; i++) {
    if (s.head[i] !== i) continue;
    const text = s.texts[i]!;
    const tag = s.tagAt.get(i);
    if (tag) {
      if ((tag.name === 'Source' || tag.name === 'Patch') && tag.rpmNumber !== null) {
        // rpm: %{SOURCEn} / %{PATCHn} = %{_sourcedir}/<file name of the tag>
        const tri = ev.active(i);
        const file = ev.expand(tag.value, i).value.split('/').pop() ?? '';
        define(ev, `${tag.name.toUpperCase()}${tag.rpmNumber}`, i, tri, plain(`%{_sourcedir}/${file}`));
      }
      if (TAG_MACROS.has(tag.name)) {
        const tri = ev.active(i);
        if (tri !== 'no') define(ev, tag.name.toLowerCase(), i, tri, plain(ev.expand(tag.value, i).value));
      }
      continue;
    }
    if (!text.includes('%') || s.sections[s.sectionOf[i]!]!.kind === 'changelog') continue;
    recordStatement(ev, i, text);
  }
}

/**
 * rpm keeps a %define/%global body without its backslashes: each one is dropped and the
 * character after it kept as is (`1\.2` is `1.2`, `a\\b` is `a\b`, `\%{v}` is `%{v}`); a
 * backslash-newline has already become a newline (statementText). Checked with rpmspec 4.18.
 */
function bodyAsRpmStores(body: string): string {
  return body.includes('\\') ? body.replace(/\\([\s\S]?)/g, '$1') : body;
}

function plain(body: string): MacroDef {
  return { body, parametric: false };
}

function define(ev: Evaluation, name: string, line: number, tri: Tri, state: MacroDef | undefined): void {
  if (tri === 'no') return;
  ev.history.set(name, line, tri === 'yes' ? state : 'uncertain');
}

function statementText(ev: Evaluation, i: number): string {
  const end = ev.s.end[i]!;
  if (end === i) return ev.s.texts[i]!;
  return ev.s.texts.slice(i, end + 1).map((t) => t.replace(/\\$/, '')).join('\n');
}

function recordStatement(ev: Evaluation, i: number, text: string): void {
  let m = DEFINE_RE.exec(text);
  if (m) {
    const tri = ev.active(i);
    if (tri === 'no') return;
    const full = DEFINE_RE.exec(statementText(ev, i)) ?? m;
    const body = bodyAsRpmStores((full[4] ?? '').trim());
    const parametric = full[3] !== undefined;
    const value = full[1] === 'global' && !parametric ? ev.expand(body, i).value : body;
    define(ev, full[2]!, i, tri, { body: value, parametric });
    return;
  }
  const conds = condDefines(text);
  if (conds) {
    const tri = ev.active(i);
    if (tri === 'no') return;
    for (const c of conds) {
      const probe = ev.lookupAt(i)(c[2]!);
      const wanted = c[1] === '?' ? probe !== undefined : probe === undefined;
      if (probe === 'uncertain') define(ev, c[3]!, i, 'unknown', undefined);
      else if (wanted) define(ev, c[3]!, i, tri, plain(ev.expand(c[4]!, i).value));
    }
    return;
  }
  if ((m = UNDEFINE_RE.exec(text))) {
    define(ev, m[1]!, i, ev.active(i), undefined);
    return;
  }
  const old = BCOND_OLD_RE.exec(text);
  const neu = old ? null : BCOND_RE.exec(text);
  if (!old && !neu) return;
  const tri = ev.active(i);
  if (tri === 'no') return;
  const name = (old ? old[2] : neu![1])!;
  let defaultOn: Tri;
  if (old) {
    defaultOn = old[1] === 'without' ? 'yes' : 'no';
  } else {
    const r = ev.expand(neu![2]!, i);
    const v = r.unresolved.length === 0 ? evalExpression(r.value) : null;
    defaultOn = v === null ? 'unknown' : truthy(v) ? 'yes' : 'no';
  }
  bcond(ev, name, i, tri, defaultOn);
}

/**
 * A line made only of `%{?x:%global a …}` / `%{!?x:%global a …}` groups (ldns:
 * `%{?extra_version:%global pkgname …}%{!?extra_version:%global pkgname …}`):
 * the match of each group, or null when the line is anything else.
 */
function condDefines(text: string): RegExpExecArray[] | null {
  const out: RegExpExecArray[] = [];
  let p = 0;
  while (p < text.length) {
    if (text[p] === ' ' || text[p] === '\t') {
      p++;
      continue;
    }
    if (text[p] !== '%' || text[p + 1] !== '{') return null;
    const close = matchClose(text, p + 1, '{', '}');
    if (close < 0) return null;
    const m = COND_DEFINE_RE.exec(text.slice(p + 2, close));
    if (!m) return null;
    m[4] = m[4]!.trim();
    out.push(m);
    p = close + 1;
  }
  return out.length > 0 ? out : null;
}

/** rpm 4.18 %bcond: with_NAME is defined when (default on and no _without_NAME) or (default off and _with_NAME). */
function bcond(ev: Evaluation, name: string, line: number, tri: Tri, defaultOn: Tri): void {
  const look = ev.lookupAt(line);
  if (defaultOn === 'unknown') {
    define(ev, `with_${name}`, line, 'unknown', undefined);
    return;
  }
  const flag = look(defaultOn === 'yes' ? `_without_${name}` : `_with_${name}`);
  if (flag === 'uncertain') {
    define(ev, `with_${name}`, line, 'unknown', undefined);
    return;
  }
  const on = defaultOn === 'yes' ? flag === undefined : flag !== undefined;
  if (on) define(ev, `with_${name}`, line, tri, plain('1'));
}
