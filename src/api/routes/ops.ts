import { Router } from 'express';
import type { ApiDeps } from '../deps.js';
import { buildOpenApi } from '../openapi.js';

const PING_TIMEOUT_MS = 2000;

/** Health, readiness, metrics and the API description: unauthenticated, and nothing sensitive in them. */
export function opsRoutes(deps: ApiDeps): Router {
  const r = Router();
  const doc = JSON.stringify(buildOpenApi());

  r.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });

  r.get('/readyz', async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        deps.store.ping(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('store ping timed out')), PING_TIMEOUT_MS))),
      ]);
      res.set('Cache-Control', 'no-store').json({ status: 'ready' });
    } catch (err) {
      deps.logger.warn({ err }, 'readiness check failed');
      res.status(503).set('Cache-Control', 'no-store').json({ status: 'unavailable' });
    } finally {
      clearTimeout(timer);
    }
  });

  r.get('/metrics', (_req, res) => {
    res.type('text/plain; version=0.0.4').send(deps.metrics.render(deps.scans.counts()));
  });

  r.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(doc);
  });

  return r;
}
