import express, { type Request, type RequestHandler } from 'express';
import { HttpProblem } from './problem.js';

/** Whether the request carries a body at all (by Content-Length / Transfer-Encoding). */
export function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}

/** 415 unless the declared charset (if any) is UTF-8: bodies are always read as UTF-8. */
export function checkCharset(req: Request): void {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '');
  if (m && !/^utf-?8$/i.test(m[1])) throw new HttpProblem(415, 'unsupported-media-type', `charset ${m[1]} is not supported (use utf-8)`);
}

/** A small JSON body: 415 for another content type, 413 above `limit`; no body leaves `req.body` undefined. */
export function jsonBody(limit: number | string = '64kb'): RequestHandler[] {
  return [
    (req, _res, next) => {
      if (!hasBody(req)) {
        req.body = undefined;
        return next();
      }
      if (!req.is('application/json')) return next(new HttpProblem(415, 'unsupported-media-type', 'send application/json'));
      checkCharset(req);
      next();
    },
    express.json({ limit, strict: true, type: () => true }),
  ];
}
