import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { createLogger } from '../../src/api/logger.js';
import { buildOpenApi } from '../../src/api/openapi.js';
import { API_ROUTES } from '../../src/api/route-table.js';
import { openEmbeddedStore } from '../../src/store/embedded/index.js';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every method + path the Express app routes (nested routers included). */
function routesOf(stack: Layer[], out: string[] = []): string[] {
  for (const l of stack) {
    if (l.route) for (const m of Object.keys(l.route.methods)) out.push(`${m} ${String(l.route.path)}`);
    else if (l.handle?.stack) routesOf(l.handle.stack, out);
  }
  return out;
}

describe('route table', () => {
  it('lists exactly the API routes the app serves (the web page aside), so the OpenAPI document cannot drift', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-routes-'));
    const store = await openEmbeddedStore(dir);
    try {
      const { app } = createApp({ store, logger: createLogger('silent'), keys: [] });
      const served = routesOf((app as unknown as { router: { stack: Layer[] } }).router.stack).filter((r) => !/ \/(,|index|assets)|^get \/$/.test(r) && !r.startsWith('get /,'));
      const table = API_ROUTES.map((r) => `${r.method} ${r.path.replace(/\{(\w+)\}/g, ':$1')}`);
      expect(served.sort()).toEqual(table.sort());
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the document has one operation per table row', () => {
    const doc = buildOpenApi() as { paths: Record<string, Record<string, { operationId?: string }>> };
    for (const r of API_ROUTES) expect(doc.paths[r.path][r.method].operationId).toBe(r.operationId);
  });
});
