import { Ajv, type ValidateFunction } from 'ajv';

/**
 * Validate a request against a Swagger 2.0 description (Gitea's swagger,
 * GitLab's openapi_v2, both vendored as pinned subsets under fixtures/forge-api/):
 * the operation must exist for method + path, every query parameter must be one
 * it names, and a JSON body must match its `in: body` schema (or its `formData`
 * parameters) with no top-level property the schema does not name.
 */
interface Param {
  name: string;
  in: string;
  required?: boolean;
  type?: string;
  schema?: Record<string, unknown>;
}
interface Operation {
  parameters?: Param[];
}
export interface SwaggerDoc {
  basePath?: string;
  paths: Record<string, Record<string, Operation> & { parameters?: Param[] }>;
  definitions?: Record<string, unknown>;
}

export interface SwaggerValidator {
  /** Problems with one request (path as sent, still URL-encoded, without the API root); empty when the description accepts it. */
  validate(method: string, path: string, query: URLSearchParams, body: unknown): string[];
}

/** `routePrefix` is what the description's path templates carry before the part the fake sees ("/api/v4" for GitLab). */
export function swaggerValidator(name: string, doc: SwaggerDoc, o: { routePrefix?: string; unvalidated?: RegExp[] } = {}): SwaggerValidator {
  const id = name.replace(/\W/g, '');
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema(JSON.parse(JSON.stringify({ $id: id, definitions: doc.definitions ?? {} }).replaceAll('"#/definitions/', `"${id}#/definitions/`)));
  const routes = Object.keys(doc.paths).map((template) => {
    const rel = template.slice((o.routePrefix ?? '').length);
    const src = rel.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}/g, (_m, p: string) => (/filepath/i.test(p) ? '.+' : '[^/]+'));
    return { template, re: new RegExp(`^${src}$`), params: (rel.match(/\{/g) ?? []).length };
  });
  routes.sort((a, b) => a.params - b.params);
  const compiled = new Map<string, ValidateFunction>();

  return {
    validate(method, path, query, body) {
      const m = method.toLowerCase();
      const found = routes.find((r) => doc.paths[r.template]?.[m] && r.re.test(path));
      if (!found) {
        if ((o.unvalidated ?? []).some((re) => re.test(`${method} ${path}`))) return [];
        return [`${method} ${path}: no such operation in ${name}`];
      }
      const key = `${method} ${found.template}`;
      const op = doc.paths[found.template]![m] as Operation;
      const params = [...(doc.paths[found.template]!.parameters ?? []), ...(op.parameters ?? [])];
      const problems: string[] = [];
      const queryNames = new Set(params.filter((p) => p.in === 'query').map((p) => p.name));
      for (const k of new Set(query.keys())) if (!queryNames.has(k)) problems.push(`${key}: query parameter "${k}" is not described`);
      const schema = bodySchema(params);
      const hasBody = body !== undefined && body !== null && body !== '';
      if (!schema) return hasBody ? [...problems, `${key}: sends a body but the operation takes none`] : problems;
      if (!hasBody) return schema.required ? [...problems, `${key}: body required`] : problems;
      let validate = compiled.get(key);
      if (!validate) {
        try {
          validate = ajv.compile(JSON.parse(JSON.stringify(schema.schema).replaceAll('"#/definitions/', `"${id}#/definitions/`)));
        } catch (e) {
          return [...problems, `${key}: the body schema does not compile: ${String(e)}`];
        }
        compiled.set(key, validate);
      }
      if (!validate(body)) problems.push(...(validate.errors ?? []).map((e) => `${key}: body${e.instancePath} ${e.message ?? ''}`));
      const names = propertyNames(schema.schema, doc);
      if (names && typeof body === 'object') for (const k of Object.keys(body as object)) if (!names.has(k)) problems.push(`${key}: unknown body property "${k}"`);
      return problems;
    },
  };
}

function bodySchema(params: Param[]): { schema: Record<string, unknown>; required: boolean } | undefined {
  const inBody = params.find((p) => p.in === 'body');
  if (inBody?.schema) return { schema: inBody.schema, required: Boolean(inBody.required) };
  const form = params.filter((p) => p.in === 'formData');
  if (form.length === 0) return undefined;
  const required = form.filter((p) => p.required).map((p) => p.name);
  return {
    schema: { type: 'object', properties: Object.fromEntries(form.map((p) => [p.name, p.type ? { type: p.type } : {}])), ...(required.length ? { required } : {}) },
    required: required.length > 0,
  };
}

/** The top-level property names a body schema (or the definition it references) allows; undefined when open. */
function propertyNames(schema: Record<string, unknown>, doc: SwaggerDoc): Set<string> | undefined {
  const ref = schema['$ref'];
  const s = typeof ref === 'string' ? (doc.definitions?.[ref.replace('#/definitions/', '')] as Record<string, unknown> | undefined) : schema;
  if (!s || s['additionalProperties'] !== undefined || typeof s['properties'] !== 'object') return undefined;
  return new Set(Object.keys(s['properties'] as object));
}
