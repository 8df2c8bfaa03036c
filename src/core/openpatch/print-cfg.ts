import { CFG_SCHEMA, type FieldSchema, type MessageSchema } from './cfg-schema.js';
import type { Cfg } from './cfg-types.js';

/** Cfg fields in the order srpmproc applies them (replace, delete, add, patch, lookaside, spec_change). */
const TOP_ORDER = ['replace', 'delete', 'add', 'patch', 'lookaside', 'spec_change'];

/**
 * Print a Cfg as protobuf text format (two-space indent, one field a line). Comments of the source are
 * not kept; parseCfg(printCfg(c)) is the same message as c (see cfgMessage).
 */
export function printCfg(cfg: Cfg): string {
  const lines: string[] = [];
  const top = [...CFG_SCHEMA.fields].sort((a, b) => TOP_ORDER.indexOf(a.name) - TOP_ORDER.indexOf(b.name));
  const obj = cfg as unknown as Record<string, unknown>;
  for (const f of top) {
    printField(f, obj[f.name], '', lines);
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}

function printField(f: FieldSchema, value: unknown, indent: string, out: string[]): void {
  if (value === undefined) return;
  const values = f.repeated ? (value as unknown[]) : [value];
  for (const v of values) {
    if (f.kind === 'message') {
      if (indent === '' && out.length > 0) out.push('');
      out.push(`${indent}${f.name} {`);
      printBody(f.message!, v as Record<string, unknown>, indent + '  ', out);
      out.push(`${indent}}`);
    } else {
      out.push(`${indent}${f.name}: ${scalarText(f, v)}`);
    }
  }
}

function printBody(schema: MessageSchema, obj: Record<string, unknown>, indent: string, out: string[]): void {
  for (const f of schema.fields) printField(f, obj[f.name], indent, out);
}

function scalarText(f: FieldSchema, v: unknown): string {
  if (f.kind === 'string') return quote(v as string);
  return String(v);
}

/** A textproto string literal: UTF-8 kept, quotes/backslash/control characters escaped. */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\' + c.toString(8).padStart(3, '0');
    else out += ch;
  }
  return out + '"';
}

/**
 * The message as proto3 sees it: scalars at their default value dropped unless they are a oneof
 * member (those keep presence), empty lists dropped. Two Cfgs encode to the same bytes iff their
 * cfgMessage values are deep-equal (up to field order, which the encoding fixes).
 */
export function cfgMessage(cfg: Cfg): Record<string, unknown> {
  return canonical(CFG_SCHEMA, cfg as unknown as Record<string, unknown>);
}

function canonical(schema: MessageSchema, obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of schema.fields) {
    const v = obj[f.name];
    if (v === undefined) continue;
    if (f.repeated) {
      const list = v as unknown[];
      if (list.length === 0) continue;
      out[f.name] = f.kind === 'message' ? list.map((x) => canonical(f.message!, x as Record<string, unknown>)) : [...list];
    } else if (f.kind === 'message') {
      out[f.name] = canonical(f.message!, v as Record<string, unknown>);
    } else if (f.oneof || !isDefault(f, v)) {
      out[f.name] = v;
    }
  }
  return out;
}

function isDefault(f: FieldSchema, v: unknown): boolean {
  return v === '' || v === false || v === 0 || (f.kind === 'enum' && v === f.enumValues![0]);
}
