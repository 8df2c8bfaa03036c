import { CFG_SCHEMA, emptyMessage, type FieldSchema, type MessageSchema } from './cfg-schema.js';
import type { Cfg, CfgPosition, ParsedCfg } from './cfg-types.js';
import { syntaxError, tokenize, type Token } from './textproto-lexer.js';

/**
 * Parse one Open Patch directive file (protobuf text format of srpmproc.Cfg), as protoc/prototext
 * read it: `field: value`, `msg { … }` or `msg < … >`, lists `[a, b]`, ',' or ';' separators,
 * '#' comments, adjacent strings joined. Unknown fields, a singular field set twice and two members
 * of one oneof are errors with file, line and column.
 */
export function parseCfg(text: string, file: string): ParsedCfg {
  const p = new Parser(tokenize(text, file), file);
  const cfg = emptyMessage(CFG_SCHEMA) as unknown as Cfg;
  p.readFields(CFG_SCHEMA, cfg as unknown as Record<string, unknown>, null);
  return { file, cfg, positions: p.positions };
}

class Parser {
  private i = 0;
  readonly positions = new WeakMap<object, CfgPosition>();

  constructor(
    private readonly tokens: Token[],
    private readonly file: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }
  private take(): Token {
    return this.tokens[this.i++]!;
  }
  private isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }
  private fail(t: Token, message: string, next?: string): never {
    throw syntaxError(this.file, t, message, next);
  }
  private expectPunct(text: string, what: string): void {
    const t = this.take();
    if (t.kind !== 'punct' || t.text !== text) this.fail(t, `expected '${text}' ${what}, found ${describe(t)}`);
  }

  readFields(schema: MessageSchema, obj: Record<string, unknown>, close: string | null): void {
    const seen = new Map<string, string>();
    for (;;) {
      const t = this.peek();
      if (close === null ? t.kind === 'eof' : t.kind === 'punct' && t.text === close) {
        this.take();
        return;
      }
      if (t.kind === 'eof') this.fail(t, `'${close}' missing: ${schema.name} block is not closed`);
      if (t.kind !== 'ident') this.fail(t, `expected a field name of ${schema.name}, found ${describe(t)}`);
      this.take();
      const field = schema.fields.find((f) => f.name === t.text);
      if (!field) {
        this.fail(t, `unknown field '${t.text}' in ${schema.name}`, `use one of: ${schema.fields.map((f) => f.name).join(', ')}`);
      }
      if (!field.repeated) {
        if (seen.has(field.name)) this.fail(t, `field '${field.name}' of ${schema.name} is set twice`, 'keep one (it is not a repeated field)');
        if (field.oneof) {
          const other = [...seen.keys()].find((k) => schema.fields.find((f) => f.name === k)?.oneof === field.oneof);
          if (other) this.fail(t, `'${other}' and '${field.name}' are alternatives (oneof ${field.oneof}) in ${schema.name}`, 'keep only one of them');
        }
        seen.set(field.name, field.name);
      }
      if (field.kind === 'message') this.readMessageField(field, obj, t);
      else this.readScalarField(field, obj);
      if (this.isPunct(',') || this.isPunct(';')) this.take();
    }
  }

  private readMessageField(field: FieldSchema, obj: Record<string, unknown>, nameTok: Token): void {
    if (this.isPunct(':')) this.take();
    if (this.isPunct('[')) {
      if (!field.repeated) this.fail(this.peek(), `'${field.name}' is not repeated: a list is not allowed`);
      this.take();
      if (this.isPunct(']')) return void this.take();
      for (;;) {
        this.readOneMessage(field, obj, this.peek());
        if (this.isPunct(',')) this.take();
        else break;
      }
      this.expectPunct(']', `to close the list of '${field.name}'`);
      return;
    }
    this.readOneMessage(field, obj, nameTok);
  }

  private readOneMessage(field: FieldSchema, obj: Record<string, unknown>, at: Token): void {
    const open = this.take();
    if (open.kind !== 'punct' || (open.text !== '{' && open.text !== '<')) this.fail(open, `expected '{' after '${field.name}', found ${describe(open)}`);
    const child = emptyMessage(field.message!);
    this.positions.set(child, { line: at.line, column: at.column });
    this.readFields(field.message!, child, open.text === '{' ? '}' : '>');
    if (field.repeated) (obj[field.name] as unknown[]).push(child);
    else obj[field.name] = child;
  }

  private readScalarField(field: FieldSchema, obj: Record<string, unknown>): void {
    this.expectPunct(':', `after '${field.name}'`);
    if (this.isPunct('[')) {
      if (!field.repeated) this.fail(this.peek(), `'${field.name}' is not repeated: a list is not allowed`);
      this.take();
      const list = obj[field.name] as unknown[];
      if (this.isPunct(']')) return void this.take();
      for (;;) {
        list.push(this.readScalar(field));
        if (this.isPunct(',')) this.take();
        else break;
      }
      this.expectPunct(']', `to close the list of '${field.name}'`);
      return;
    }
    const v = this.readScalar(field);
    if (field.repeated) (obj[field.name] as unknown[]).push(v);
    else obj[field.name] = v;
  }

  private readScalar(field: FieldSchema): string | number | boolean {
    const t = this.peek();
    switch (field.kind) {
      case 'string': {
        if (t.kind !== 'string') this.fail(t, `'${field.name}' takes a quoted string, found ${describe(t)}`);
        let s = '';
        while (this.peek().kind === 'string') s += (this.take() as Extract<Token, { kind: 'string' }>).value;
        return s;
      }
      case 'bool': {
        this.take();
        const text = t.kind === 'ident' || t.kind === 'number' ? t.text : '';
        if (['true', 'True', 't', '1'].includes(text)) return true;
        if (['false', 'False', 'f', '0'].includes(text)) return false;
        return this.fail(t, `'${field.name}' takes true or false, found ${describe(t)}`);
      }
      case 'enum': {
        this.take();
        const values = field.enumValues!;
        if (t.kind === 'ident' && values.includes(t.text)) return t.text;
        if (t.kind === 'number' && /^\d+$/.test(t.text) && Number(t.text) < values.length) return values[Number(t.text)]!;
        return this.fail(t, `'${field.name}' takes one of ${values.join(', ')}, found ${describe(t)}`);
      }
      default:
        return this.readInt(field);
    }
  }

  private readInt(field: FieldSchema): number {
    let sign = 1;
    if (this.isPunct('-')) {
      this.take();
      sign = -1;
    }
    const t = this.take();
    if (t.kind !== 'number' || !/^(?:0[xX][0-9A-Fa-f]+|0[0-7]*|[1-9][0-9]*)$/.test(t.text)) {
      return this.fail(t, `'${field.name}' takes an integer, found ${describe(t)}`);
    }
    const n = sign * (/^0[xX]/.test(t.text) ? parseInt(t.text.slice(2), 16) : /^0[0-7]/.test(t.text) ? parseInt(t.text, 8) : Number(t.text));
    if (n < -2147483648 || n > 2147483647) this.fail(t, `'${field.name}' is out of the 32-bit range`);
    return n;
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'the end of the file';
    case 'string':
      return 'a string';
    case 'ident':
    case 'number':
    case 'punct':
      return `'${t.text}'`;
  }
}
