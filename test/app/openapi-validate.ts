import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * Validate a request the App sends against GitHub's OpenAPI description
 * (@octokit/openapi, loaded once per test process): the operation must exist for
 * method + path, and a JSON body must match its requestBody schema, with no
 * top-level property the schema does not name.
 */
interface Operation {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface Schema {
  properties?: Record<string, unknown>;
  additionalProperties?: unknown;
  [k: string]: unknown;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, unknown>;
}

let loaded: { spec: Spec; ajv: Ajv; routes: { re: RegExp; template: string; params: number }[] } | undefined;
const compiled = new Map<string, ValidateFunction>();

function load() {
  if (loaded) return loaded;
  const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
  const spec = JSON.parse(readFileSync(file, 'utf8').replaceAll('"#/components/', '"github#/components/')) as Spec;
  fixNullable(spec.components);
  fixNullable(spec.paths);
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema({ $id: 'github', components: spec.components });
  const routes = Object.keys(spec.paths).map((template) => ({
    template,
    params: (template.match(/\{/g) ?? []).length,
    re: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));
  routes.sort((a, b) => a.params - b.params);
  loaded = { spec, ajv, routes };
  return loaded;
}

/**
 * OpenAPI 3.0's `nullable: true` next to `anyOf`/`allOf`/`$ref` without a `type` (GitHub's
 * description has some, e.g. an issue's milestone) is refused by Ajv: say the same in JSON Schema.
 */
function fixNullable(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(fixNullable);
  if (typeof node !== 'object' || node === null) return;
  const o = node as Record<string, unknown>;
  for (const v of Object.values(o)) fixNullable(v);
  if (o['nullable'] === true && o['type'] === undefined) {
    const rest = { ...o };
    delete rest['nullable'];
    for (const k of Object.keys(o)) delete o[k];
    o['anyOf'] = [rest, { type: 'null' }];
  }
}

export function findOperation(method: string, path: string): { template: string; op: Operation } | undefined {
  const { spec, routes } = load();
  const m = method.toLowerCase();
  for (const r of routes) {
    const op = spec.paths[r.template]?.[m];
    if (op && r.re.test(path)) return { template: r.template, op };
  }
  return undefined;
}

/** Problems with one request; empty when GitHub's description accepts it. */
export function validateRequest(method: string, path: string, body: unknown): string[] {
  const found = findOperation(method, path);
  if (!found) return [`${method} ${path}: no such operation in GitHub's OpenAPI description`];
  const schema = found.op.requestBody?.content?.['application/json']?.schema;
  const hasBody = body !== undefined && body !== '' && body !== null;
  if (!schema) return hasBody ? [`${method} ${found.template}: sends a body but the operation takes none`] : [];
  if (!hasBody) return found.op.requestBody && (found.op.requestBody as { required?: boolean }).required ? [`${method} ${found.template}: body required`] : [];
  const key = `${method} ${found.template}`;
  let validate = compiled.get(key);
  if (!validate) {
    try {
      validate = load().ajv.compile(schema);
    } catch (e) {
      return [`${key}: the request body schema does not compile: ${String(e)}`];
    }
    compiled.set(key, validate);
  }
  const errors: string[] = [];
  if (!validate(body)) errors.push(...(validate.errors ?? []).map((e) => `${key}: body${e.instancePath} ${e.message ?? ''}`));
  if (schema.properties && schema.additionalProperties === undefined && typeof body === 'object') {
    for (const k of Object.keys(body as object)) if (!(k in schema.properties)) errors.push(`${key}: unknown property "${k}"`);
  }
  return errors;
}
