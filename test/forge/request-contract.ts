/**
 * Our request contracts for the dist-git forges' REST APIs, and the check the fakes run on every
 * request the adapters send. A contract lists exactly the operations our adapters call, each
 * written by us from the forge's documentation (the page is named per operation): method, path
 * template, the query parameters it takes, and the JSON body properties with their types and which
 * are required. Anything else is a problem: an operation the contract does not list, a query
 * parameter it does not name or of the wrong type, a body where none is taken, a body property
 * it does not name, of the wrong type, or a required one missing.
 */
export type ValueType = 'string' | 'integer' | 'boolean' | { oneOf: readonly string[] } | { listOf: 'string' | 'integer' };

export interface Field {
  type: ValueType;
  required?: true;
}

export interface ContractOperation {
  /** The adapter method that sends it (for the reader). */
  usedBy: string;
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /**
   * Under the API root, as sent (still URL-encoded): `{name}` is one path segment, `{name:int}`
   * one segment of digits, `{name*}` one or more segments.
   */
  path: string;
  /** The forge's documentation of the operation. */
  doc: string;
  query?: Record<string, Field>;
  /** The JSON body's properties; absent: the operation takes no body. */
  body?: Record<string, Field>;
}

export interface RequestContract {
  name: string;
  operations: readonly ContractOperation[];
}

export interface RequestValidator {
  /** Problems with one request (path as sent, without the API root); empty when the contract accepts it. */
  validate(method: string, path: string, query: URLSearchParams, body: unknown): string[];
}

export function requestValidator(contract: RequestContract): RequestValidator {
  const routes = contract.operations
    .map((op) => ({ op, re: pathPattern(op.path), params: (op.path.match(/\{/g) ?? []).length }))
    .sort((a, b) => a.params - b.params);
  return {
    validate(method, path, query, body) {
      const found = routes.find((r) => r.op.method === method.toUpperCase() && r.re.test(path));
      if (!found) return [`${method} ${path}: no such operation in ${contract.name}`];
      const op = found.op;
      const key = `${op.method} ${op.path}`;
      const problems: string[] = [];
      for (const name of new Set(query.keys())) {
        const field = op.query?.[name];
        if (!field) problems.push(`${key}: query parameter "${name}" is not in the contract`);
        else for (const v of query.getAll(name)) if (!queryValueFits(field.type, v)) problems.push(`${key}: query parameter "${name}" must be ${typeName(field.type)}, got "${v}"`);
      }
      for (const [name, field] of Object.entries(op.query ?? {})) if (field.required && !query.has(name)) problems.push(`${key}: query parameter "${name}" is required`);
      const hasBody = body !== undefined && body !== null && body !== '';
      if (!op.body) return hasBody ? [...problems, `${key}: sends a body but the operation takes none`] : problems;
      const required = Object.entries(op.body).filter(([, f]) => f.required).map(([n]) => n);
      if (!hasBody) return required.length ? [...problems, `${key}: body required (${required.join(', ')})`] : problems;
      if (typeof body !== 'object' || Array.isArray(body)) return [...problems, `${key}: body must be a JSON object`];
      const b = body as Record<string, unknown>;
      for (const [name, value] of Object.entries(b)) {
        const field = op.body[name];
        if (!field) problems.push(`${key}: body property "${name}" is not in the contract`);
        else if (!valueFits(field.type, value)) problems.push(`${key}: body.${name} must be ${typeName(field.type)}`);
      }
      for (const name of required) if (!(name in b)) problems.push(`${key}: body.${name} is required`);
      return problems;
    },
  };
}

function pathPattern(template: string): RegExp {
  const src = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const m = /^\{([^}:*]+)(:int|\*)?\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      return m[2] === ':int' ? '[0-9]+' : m[2] === '*' ? '[^/].*' : '[^/]+';
    })
    .join('');
  return new RegExp(`^${src}$`);
}

function valueFits(t: ValueType, v: unknown): boolean {
  if (t === 'string') return typeof v === 'string';
  if (t === 'integer') return Number.isInteger(v);
  if (t === 'boolean') return typeof v === 'boolean';
  if ('oneOf' in t) return typeof v === 'string' && t.oneOf.includes(v);
  return Array.isArray(v) && v.every((x) => valueFits(t.listOf, x));
}

/** A query value is text: an integer must be digits, a boolean true/false. */
function queryValueFits(t: ValueType, v: string): boolean {
  if (t === 'integer') return /^-?[0-9]+$/.test(v);
  if (t === 'boolean') return v === 'true' || v === 'false';
  if (typeof t === 'object' && 'oneOf' in t) return t.oneOf.includes(v);
  return true;
}

function typeName(t: ValueType): string {
  if (typeof t === 'string') return `a${t === 'integer' ? 'n' : ''} ${t}`;
  return 'oneOf' in t ? `one of ${t.oneOf.join('|')}` : `a list of ${t.listOf}s`;
}
