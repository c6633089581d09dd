import express from 'express';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoutes } from '../../src/web/routes.js';

let dir: string;
let url: string;
let close: () => void;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lockstep-web-'));
  writeFileSync(join(dir, 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'app.css'), 'body{}');
  const app = express();
  app.use(webRoutes({ assetsDir: dir }));
  app.use((_req, res) => { res.status(404).end(); });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});

afterAll(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

describe('webRoutes', () => {
  it('serves the shell with a self-only CSP and no inline script', async () => {
    const r = await fetch(`${url}/`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    const html = await r.text();
    expect(html).toContain('<script type="module" src="/assets/app.js"></script>');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=/);
  });

  it('serves the bundle with the right content types', async () => {
    const js = await fetch(`${url}/assets/app.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await js.text()).toBe('console.log(1)');
    expect((await fetch(`${url}/assets/app.css`)).headers.get('content-type')).toMatch(/^text\/css/);
    expect((await fetch(`${url}/assets/favicon.svg`)).headers.get('content-type')).toMatch(/^image\/svg\+xml/);
  });

  it('serves only its own files', async () => {
    expect((await fetch(`${url}/assets/package.json`)).status).toBe(404);
    expect((await fetch(`${url}/assets/..%2F..%2Fpackage.json`)).status).toBe(404);
  });

  it('says how to fix a missing build', async () => {
    rmSync(join(dir, 'app.css'));
    const r = await fetch(`${url}/assets/app.css`);
    expect(r.status).toBe(503);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
