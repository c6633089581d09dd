import { z } from 'zod';
import { AccountEventsQuery, ClusterExportQuery, ClustersQuery, OperationsQuery } from './schemas.js';

/**
 * Every route the API serves, with the schemas that validate it: the OpenAPI document is generated
 * from this table (openapi.ts), and a test checks it against the routes the Express app really has.
 */
export interface ApiRoute {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI path template (`{id}`); Express's is the same with `:id`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** The role an API key needs; `none`: no key (operations endpoints). */
  role: 'read' | 'write' | 'none';
  /** What the `{id}` path parameter names. */
  idOf?: string;
  query?: z.ZodObject;
  /** Query parameters that must be present. */
  requiredQuery?: string[];
  idempotent?: boolean;
  /** Other header parameters. */
  headers?: Record<string, unknown>[];
  /** A named request schema (components) or a literal request body. */
  body?: { schema: string; required: boolean } | { content: Record<string, unknown>; required: boolean };
  /** 2xx/503 responses: a named schema (JSON) or a literal response object. Error codes come from `errors`. */
  ok: Record<string, { schema: string; description: string; headers?: Record<string, unknown> } | { description: string; content: Record<string, unknown> }>;
  errors?: number[];
}

const text = (description: string, type: string) => ({ description, content: { [type]: { schema: { type: 'string' } } } });

export const API_ROUTES: ApiRoute[] = [
  {
    method: 'post', path: '/v1/events', operationId: 'ingestEvents', summary: 'Ingest events (write role)', role: 'write', idempotent: true,
    description:
      'NDJSON (one event per line) or a JSON array. Good records are stored even when others are rejected; events are idempotent by id (content hash when absent). ' +
      'Numeric ts is epoch milliseconds; times before 2000-01-01 or after the end of tomorrow (UTC) are per-record rejects unless the server sets LOCKSTEP_ALLOW_ANY_TIME=1. ' +
      'Bodies may be sent with Content-Encoding: gzip or deflate. Above LOCKSTEP_BODY_LIMIT bytes (default 16 MiB, decompressed) the answer is 413, naming the limit; ' +
      '`lockstep push` sends large files in batches.',
    headers: [{ name: 'Content-Encoding', in: 'header', required: false, schema: { type: 'string', enum: ['gzip', 'deflate', 'identity'] }, description: 'Compression of the body.' }],
    body: {
      required: true,
      content: {
        'application/x-ndjson': { schema: { type: 'string', description: 'One EventInput JSON object per line.' } },
        'application/json': { schema: { oneOf: [{ type: 'array', items: { $ref: '#/components/schemas/EventInput' } }, { $ref: '#/components/schemas/EventInput' }] } },
      },
    },
    ok: { '200': { schema: 'IngestResult', description: 'Counts of accepted, duplicate and rejected records.' } },
    errors: [400, 403, 413, 415, 422],
  },
  {
    method: 'post', path: '/v1/scans', operationId: 'startScan', summary: 'Start a scan (write role)', role: 'write', idempotent: true,
    body: { schema: 'ScanRequest', required: false },
    ok: { '202': { schema: 'ScanAccepted', description: 'Queued; poll the Location.', headers: { Location: { schema: { type: 'string' }, description: '/v1/scans/{id}' } } } },
    errors: [400, 403, 413, 415, 422],
  },
  { method: 'get', path: '/v1/scans/{id}', idOf: 'scan', operationId: 'getScan', summary: 'Scan status, stage, and the report when done', role: 'read', ok: { '200': { schema: 'Scan', description: 'The scan.' } }, errors: [400, 404] },
  { method: 'delete', path: '/v1/scans/{id}', idOf: 'scan', operationId: 'cancelScan', summary: 'Cancel a queued or running scan (write role)', role: 'write', ok: { '200': { schema: 'Scan', description: 'The scan, now cancelled.' } }, errors: [400, 403, 404, 409] },
  {
    method: 'get', path: '/v1/clusters', operationId: 'listClusters', summary: 'Flagged clusters across scans, most suspicious first', role: 'read', query: ClustersQuery,
    ok: { '200': { schema: 'ClusterPage', description: 'A page; pass nextCursor as cursor for the next one.' } }, errors: [400],
  },
  { method: 'get', path: '/v1/clusters/{id}', idOf: 'cluster', operationId: 'getCluster', summary: "One cluster's full report", role: 'read', ok: { '200': { schema: 'Cluster', description: 'The cluster.' } }, errors: [400, 404] },
  {
    method: 'get', path: '/v1/clusters/{id}/export', idOf: 'cluster', operationId: 'exportCluster', summary: 'One cluster as GEXF, GraphML (Gephi) or CSV (one row per member)', role: 'read',
    query: ClusterExportQuery, requiredQuery: ['format'],
    ok: { '200': { description: 'The export, as an attachment.', content: { 'application/gexf+xml': { schema: { type: 'string' } }, 'application/graphml+xml': { schema: { type: 'string' } }, 'text/csv': { schema: { type: 'string' } } } } },
    errors: [400, 404],
  },
  {
    method: 'put', path: '/v1/clusters/{id}/review', idOf: 'cluster', operationId: 'reviewCluster', summary: "Record an analyst's review (write role)", role: 'write',
    body: { schema: 'ReviewRequest', required: true }, ok: { '200': { schema: 'Cluster', description: 'The cluster with its review.' } }, errors: [400, 403, 404, 413, 415],
  },
  { method: 'get', path: '/v1/accounts/{id}/clusters', idOf: 'account', operationId: 'accountClusters', summary: 'Flagged clusters an account belongs to', role: 'read', ok: { '200': { schema: 'AccountClusters', description: 'The clusters.' } }, errors: [400] },
  {
    method: 'get', path: '/v1/accounts/{id}/events', idOf: 'account', operationId: 'accountEvents', summary: "An account's activity timeline (latest `limit` events, oldest first)", role: 'read',
    query: AccountEventsQuery, ok: { '200': { schema: 'AccountEvents', description: 'The events.' } }, errors: [400],
  },
  {
    method: 'get', path: '/v1/operations', operationId: 'listOperations', summary: 'Operations tracked across scans, most recently seen first', role: 'read', query: OperationsQuery,
    ok: { '200': { schema: 'OperationList', description: 'The operations.' } }, errors: [400],
  },
  {
    method: 'get', path: '/v1/operations/{id}', idOf: 'operation', operationId: 'getOperation', summary: "An operation's clusters scan by scan, members joining and leaving", role: 'read',
    ok: { '200': { schema: 'Operation', description: 'The operation.' } }, errors: [400, 404],
  },
  { method: 'get', path: '/healthz', operationId: 'healthz', summary: 'Liveness', role: 'none', ok: { '200': { schema: 'Health', description: 'Alive.' } } },
  { method: 'get', path: '/readyz', operationId: 'readyz', summary: 'Readiness: the store is reachable', role: 'none', ok: { '200': { schema: 'Health', description: 'Ready.' }, '503': { schema: 'Health', description: 'Store unreachable.' } } },
  { method: 'get', path: '/metrics', operationId: 'metrics', summary: 'Prometheus metrics', role: 'none', ok: { '200': text('Prometheus text format 0.0.4.', 'text/plain') } },
  { method: 'get', path: '/openapi.json', operationId: 'openapi', summary: 'This document', role: 'none', ok: { '200': { description: 'OpenAPI 3.1.', content: { 'application/json': { schema: { type: 'object' } } } } } },
];
