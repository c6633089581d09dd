import { Router, type Response } from 'express';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP, FAVICON_SVG, SHELL_HTML } from './shell.js';

export interface WebOptions {
  /** Directory holding the built app.js/app.css (default: dist/web next to the CLI bundle). */
  assetsDir?: string;
}

/** Only these built files are served, each with its content type. */
const ASSETS: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'app.js.map': 'application/json; charset=utf-8',
  'app.css.map': 'application/json; charset=utf-8',
};

/**
 * Where the bundle lives: dist/web beside the bundled CLI (dist/lockstep.js), or the repo's
 * dist/web when running from source (tsx, vitest).
 */
export function defaultAssetsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'web'), join(here, '..', '..', 'dist', 'web'), join(process.cwd(), 'dist', 'web')];
  return candidates.find((d) => existsSync(join(d, 'app.js'))) ?? candidates[0];
}

function secure(res: Response): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
}

/** Serves the analyst page at `/` and its bundle under `/assets/`. */
export function webRoutes(opts: WebOptions = {}): Router {
  const dir = opts.assetsDir ?? defaultAssetsDir();
  const router = Router();

  router.get(['/', '/index.html'], (_req, res) => {
    secure(res);
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(SHELL_HTML);
  });

  router.get('/assets/favicon.svg', (_req, res) => {
    secure(res);
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.type('image/svg+xml').send(FAVICON_SVG);
  });

  router.get('/assets/:file', (req, res, next) => {
    const file = req.params.file;
    const type = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!type) return next();
    const path = join(dir, file);
    if (!existsSync(path)) {
      res.status(503).type('application/problem+json').json({
        type: 'about:blank', title: 'Web assets not built', status: 503, detail: 'Run `npm run build` to bundle the analyst page.',
      });
      return;
    }
    secure(res);
    // Not fingerprinted, so revalidate rather than cache for long.
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Type', type);
    res.sendFile(path, { headers: { 'Content-Type': type } });
  });

  return router;
}
