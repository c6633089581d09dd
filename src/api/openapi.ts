import { z } from 'zod';
import eventSchema from '../contract/event.schema.json' with { type: 'json' };
import { AccountEventsQuery, ClustersQuery, components, ReviewRequest, ScanRequest } from './schemas.js';

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

/** The OpenAPI 3.1 document, generated from the zod schemas that validate requests. */
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
    paths: {
      '/v1/events': {
        post: {
          operationId: 'ingestEvents',
          summary: 'Ingest events (write role)',
          description:
            'NDJSON (one event per line) or a JSON array. Good records are stored even when others are rejected; events are idempotent by id (content hash when absent). ' +
            'Numeric ts is epoch milliseconds; times before 2000-01-01 or after the end of tomorrow (UTC) are per-record rejects unless the server sets LOCKSTEP_ALLOW_ANY_TIME=1. ' +
            'Bodies may be sent with Content-Encoding: gzip or deflate. Above LOCKSTEP_BODY_LIMIT bytes (default 16 MiB, decompressed) the answer is 413, naming the limit; ' +
            '`lockstep push` sends large files in batches.',
          parameters: [idempotencyKey, { name: 'Content-Encoding', in: 'header', required: false, schema: { type: 'string', enum: ['gzip', 'deflate', 'identity'] }, description: 'Compression of the body.' }],
          requestBody: {
            required: true,
            content: {
              'application/x-ndjson': { schema: { type: 'string', description: 'One EventInput JSON object per line.' } },
              'application/json': { schema: { oneOf: [{ type: 'array', items: ref('EventInput') }, ref('EventInput')] } },
            },
          },
          responses: { '200': json('IngestResult', 'Counts of accepted, duplicate and rejected records.'), ...errors(400, 403, 413, 415, 422) },
        },
      },
      '/v1/scans': {
        post: {
          operationId: 'startScan',
          summary: 'Start a scan (write role)',
          parameters: [idempotencyKey],
          requestBody: { required: false, content: { 'application/json': { schema: ref('ScanRequest') } } },
          responses: {
            '202': { ...json('ScanAccepted', 'Queued; poll the Location.'), headers: { Location: { schema: { type: 'string' }, description: '/v1/scans/{id}' } } },
            ...errors(400, 403, 413, 415, 422),
          },
        },
      },
      '/v1/scans/{id}': {
        parameters: [idParam('scan')],
        get: { operationId: 'getScan', summary: 'Scan status, stage, and the report when done', responses: { '200': json('Scan', 'The scan.'), ...errors(400, 404) } },
        delete: { operationId: 'cancelScan', summary: 'Cancel a queued or running scan (write role)', responses: { '200': json('Scan', 'The scan, now cancelled.'), ...errors(400, 403, 404, 409) } },
      },
      '/v1/clusters': {
        get: {
          operationId: 'listClusters',
          summary: 'Flagged clusters across scans, most suspicious first',
          parameters: queryParams(ClustersQuery),
          responses: { '200': json('ClusterPage', 'A page; pass nextCursor as cursor for the next one.'), ...errors(400) },
        },
      },
      '/v1/clusters/{id}': {
        parameters: [idParam('cluster')],
        get: { operationId: 'getCluster', summary: "One cluster's full report", responses: { '200': json('Cluster', 'The cluster.'), ...errors(400, 404) } },
      },
      '/v1/clusters/{id}/review': {
        parameters: [idParam('cluster')],
        put: {
          operationId: 'reviewCluster',
          summary: "Record an analyst's review (write role)",
          requestBody: { required: true, content: { 'application/json': { schema: ref('ReviewRequest') } } },
          responses: { '200': json('Cluster', 'The cluster with its review.'), ...errors(400, 403, 404, 413, 415) },
        },
      },
      '/v1/accounts/{id}/clusters': {
        parameters: [idParam('account')],
        get: { operationId: 'accountClusters', summary: 'Flagged clusters an account belongs to', responses: { '200': json('AccountClusters', 'The clusters.'), ...errors(400) } },
      },
      '/v1/accounts/{id}/events': {
        parameters: [idParam('account')],
        get: {
          operationId: 'accountEvents',
          summary: "An account's activity timeline (latest `limit` events, oldest first)",
          parameters: queryParams(AccountEventsQuery),
          responses: { '200': json('AccountEvents', 'The events.'), ...errors(400) },
        },
      },
      '/healthz': { get: { operationId: 'healthz', summary: 'Liveness', security: [], responses: { '200': json('Health', 'Alive.') } } },
      '/readyz': {
        get: { operationId: 'readyz', summary: 'Readiness: the store is reachable', security: [], responses: { '200': json('Health', 'Ready.'), '503': json('Health', 'Store unreachable.') } },
      },
      '/metrics': { get: { operationId: 'metrics', summary: 'Prometheus metrics', security: [], responses: { '200': { description: 'Prometheus text format 0.0.4.', content: { 'text/plain': { schema: { type: 'string' } } } } } } },
      '/openapi.json': { get: { operationId: 'openapi', summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1.', content: { 'application/json': { schema: { type: 'object' } } } } } } },
    },
  };
}
