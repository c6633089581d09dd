import type { RequestHandler } from 'express';

/** CORS for the configured origins only (off entirely when none are set). */
export function cors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  const any = allowed.has('*');
  return (req, res, next) => {
    const origin = req.get('origin');
    if (origin && (any || allowed.has(origin))) {
      res.set('Access-Control-Allow-Origin', any ? '*' : origin);
      res.vary('Origin');
      res.set('Access-Control-Expose-Headers', 'Location, X-Request-Id, Retry-After, Idempotent-Replayed');
      if (req.method === 'OPTIONS' && req.get('access-control-request-method')) {
        res.set('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE');
        res.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, X-Request-Id');
        res.set('Access-Control-Max-Age', '600');
        return void res.status(204).end();
      }
    }
    next();
  };
}
