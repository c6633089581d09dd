import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { event, fakeReport, json, ndjson, postEvents, READ, ROUTES, startTestServer, WRITE, type TestServer } from './helpers.js';

describe('OpenAPI document', () => {
  let s: TestServer;
  let doc: any;
  let ajv: Ajv2020;
  beforeAll(async () => {
    s = await startTestServer({
      runScan: async () => fakeReport(2, { prefix: 'oa' }),
    });
    doc = await json(await fetch(`${s.url}/openapi.json`));
    ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema(structuredClone(doc), 'openapi.json');
    await s.store.saveScan('seed', fakeReport(3));
  });
  afterAll(() => s.stop());

  it('is valid OpenAPI 3.1', async () => {
    expect(doc.openapi).toBe('3.1.0');
    await SwaggerParser.validate(structuredClone(doc));
  });

  it('documents every /v1 route the server has', () => {
    for (const r of ROUTES) {
      const template = r.path.split('?')[0].replace(/\/v1\/(scans|clusters|accounts|operations)\/[^/]+/, '/v1/$1/{id}');
      expect(doc.paths[template]?.[r.method.toLowerCase()], `${r.method} ${template}`).toBeDefined();
    }
  });

  /** Validates a real response against the schema the document gives for that operation and status. */
  async function conforms(res: Response, path: string, method: string): Promise<any> {
    const op = doc.paths[path][method];
    const entry = op.responses[String(res.status)];
    expect(entry, `${method} ${path} ${res.status} undocumented`).toBeDefined();
    const [type, media] = Object.entries(entry.content as Record<string, { schema: object }>)[0];
    expect(res.headers.get('content-type')).toContain(type);
    const body = type.includes('json') ? await res.json() : await res.text();
    const validate = ajv.compile({ $ref: `openapi.json#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${res.status}/content/${type.replace(/\//g, '~1')}/schema` });
    void media;
    expect(validate(body), `${method} ${path} ${res.status}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    return body;
  }

  it('real responses match the documented schemas', async () => {
    await conforms(await postEvents(s.url, ndjson([event(1), { bad: true }])), '/v1/events', 'post');
    await conforms(await postEvents(s.url, 'nope'), '/v1/events', 'post');
    await conforms(await fetch(`${s.url}/v1/events`, { method: 'POST', headers: READ }), '/v1/events', 'post');
    await conforms(await fetch(`${s.url}/v1/events`, { method: 'POST' }), '/v1/events', 'post');
    await conforms(await fetch(`${s.url}/v1/events`, { method: 'POST', headers: { ...WRITE, 'content-type': 'text/csv' }, body: 'a,b' }), '/v1/events', 'post');

    const started = await fetch(`${s.url}/v1/scans`, { method: 'POST', headers: { ...WRITE, 'content-type': 'application/json' }, body: '{}' });
    const { id } = await conforms(started, '/v1/scans', 'post');
    await conforms(await fetch(`${s.url}/v1/scans`, { method: 'POST', headers: { ...WRITE, 'content-type': 'application/json' }, body: '{"threshold":9}' }), '/v1/scans', 'post');
    let scan: any;
    for (let i = 0; i < 100; i++) {
      scan = await conforms(await fetch(`${s.url}/v1/scans/${id}`, { headers: READ }), '/v1/scans/{id}', 'get');
      if (scan.status === 'done') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(scan.status).toBe('done');
    await conforms(await fetch(`${s.url}/v1/scans/missing`, { headers: READ }), '/v1/scans/{id}', 'get');
    await conforms(await fetch(`${s.url}/v1/scans/${id}`, { method: 'DELETE', headers: WRITE }), '/v1/scans/{id}', 'delete');

    const page = await conforms(await fetch(`${s.url}/v1/clusters?limit=2`, { headers: READ }), '/v1/clusters', 'get');
    expect(page.nextCursor).toBeDefined();
    await conforms(await fetch(`${s.url}/v1/clusters?limit=-1`, { headers: READ }), '/v1/clusters', 'get');
    await conforms(await fetch(`${s.url}/v1/clusters/c0001`, { headers: READ }), '/v1/clusters/{id}', 'get');
    await conforms(await fetch(`${s.url}/v1/clusters/zzz`, { headers: READ }), '/v1/clusters/{id}', 'get');
    await conforms(
      await fetch(`${s.url}/v1/clusters/c0001/review`, { method: 'PUT', headers: { ...WRITE, 'content-type': 'application/json' }, body: '{"state":"confirmed","note":"n"}' }),
      '/v1/clusters/{id}/review',
      'put',
    );
    await conforms(await fetch(`${s.url}/v1/clusters/c0001`, { headers: READ }), '/v1/clusters/{id}', 'get'); // now with review
    await conforms(await fetch(`${s.url}/v1/accounts/m1/clusters`, { headers: READ }), '/v1/accounts/{id}/clusters', 'get');
    await conforms(await fetch(`${s.url}/v1/accounts/acct1/events`, { headers: READ }), '/v1/accounts/{id}/events', 'get');
    await conforms(await fetch(`${s.url}/healthz`), '/healthz', 'get');
    await conforms(await fetch(`${s.url}/readyz`), '/readyz', 'get');
    await conforms(await fetch(`${s.url}/metrics`), '/metrics', 'get');
  });

  it('documents request validation from the same schemas (e.g. ScanRequest bounds)', () => {
    const scan = doc.components.schemas.ScanRequest;
    expect(scan.additionalProperties).toBe(false);
    expect(scan.properties.threshold).toMatchObject({ minimum: 0, maximum: 1 });
    const limit = doc.paths['/v1/clusters'].get.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 500 });
  });
});
