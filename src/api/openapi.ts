import { z } from 'zod';
import eventSchema from '../contract/event.schema.json' with { type: 'json' };
import { components, ReviewRequest, ScanRequest } from './schemas.js';
import { API_ROUTES, type ApiRoute } from './route-table.js';

type Json = Record<string, unknown>;
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string, description: string) => ({ description, content: { 'application/json': { schema: ref(id) } } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });

function queryParams(schema: z.ZodObject): Json[] {
  return Object.entries(schema.shape).map(([name, s]) => {
    const js = z.toJSONSchema(s as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Json;
    delete js.$schema;
    const { description, ...rest } = js;
    return { name, in: 'query', required: false, schema: rest, ...(description ? { description } : {}) };
  });
}

const idParam = (what: string) => ({ name: 'id', in: 'path', required: true, description: `The ${what} id.`, schema: { type: 'string', minLength: 1, maxLength: 256 } });

const auth401 = problem('Missing or unknown API key.');
const errors = (...codes: number[]) => {
  const out: Json = { '401': auth401, '429': problem('Rate limit exceeded for this API key (see Retry-After).') };
  for (const c of codes) {
    out[String(c)] = problem(
      ({ 400: 'Invalid input; `errors` names each bad field.', 403: 'The API key lacks the write role.', 404: 'Not found.', 409: 'Conflict.', 413: 'Body too large.', 415: 'Unsupported content type.', 422: 'Idempotency-Key reused with a different body.' } as Record<number, string>)[c] ?? 'Error',
    );
  }
  return out;
};
const idempotencyKey = { name: 'Idempotency-Key', in: 'header', required: false, description: 'Replays the first answer for a retried request (24 h, per API key).', schema: { type: 'string', maxLength: 255 } };

function operation(r: ApiRoute): Json {
  const parameters: Json[] = [];
  if (r.idempotent) parameters.push(idempotencyKey);
  if (r.headers) parameters.push(...r.headers);
  if (r.query) parameters.push(...queryParams(r.query).map((p) => (r.requiredQuery?.includes(p.name as string) ? { ...p, required: true } : p)));
  const responses: Json = {};
  for (const [code, res] of Object.entries(r.ok)) responses[code] = 'schema' in res ? { ...json(res.schema, res.description), ...(res.headers ? { headers: res.headers } : {}) } : res;
  if (r.role !== 'none') Object.assign(responses, errors(...(r.errors ?? [])));
  return {
    operationId: r.operationId,
    summary: r.summary,
    ...(r.description ? { description: r.description } : {}),
    ...(r.role === 'none' ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(r.body ? { requestBody: 'schema' in r.body ? { required: r.body.required, content: { 'application/json': { schema: ref(r.body.schema) } } } : r.body } : {}),
    responses,
  };
}

/** The paths object, from the route table. */
function paths(): Json {
  const out: Record<string, Json> = {};
  for (const r of API_ROUTES) {
    const item = (out[r.path] ??= r.idOf ? { parameters: [idParam(r.idOf)] } : {});
    item[r.method] = operation(r);
  }
  return out;
}

/** The OpenAPI 3.1 document, generated from the route table and the zod schemas that validate requests. */
export function buildOpenApi(): Json {
  const out = z.toJSONSchema(components, { uri: (id) => `#/components/schemas/${id}`, io: 'output', unrepresentable: 'any' }) as { schemas: Record<string, Json> };
  const schemas: Record<string, Json> = {};
  for (const [id, s] of Object.entries(out.schemas)) {
    const { $schema: _s, $id: _i, ...rest } = s;
    schemas[id] = rest;
  }
  // Request bodies are documented as clients send them (input side of the schemas).
  for (const [id, s] of [['ScanRequest', ScanRequest], ['ReviewRequest', ReviewRequest]] as const) {
    const { $schema: _s, $id: _i, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Json;
    schemas[id] = rest;
  }
  const { $schema: _s, $id: _i, title: _t, ...eventIn } = eventSchema as Json;
  schemas.EventInput = eventIn;

  return {
    openapi: '3.1.0',
    info: { title: 'Lockstep API', version: '1.0.0', description: 'Finds coordinated inauthentic behaviour in social-platform activity. Every /v1 route needs `Authorization: Bearer <key>`.' },
    servers: [{ url: '/' }],
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key from LOCKSTEP_API_KEYS.' } },
    },
    security: [{ bearer: [] }],
    paths: paths(),
  };
}
