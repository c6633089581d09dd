import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { HttpProblem, sendProblem, zodFieldErrors } from './problem.js';

/** Status and slug for body-parser / router errors (they carry `type` and `status`). */
function clientError(err: { type?: string; status?: number; statusCode?: number }): [number, string, string] | undefined {
  switch (err.type) {
    case 'entity.too.large':
      return [413, 'payload-too-large', 'the request body is larger than the limit'];
    case 'entity.parse.failed':
      return [400, 'malformed-json', 'the request body is not valid JSON'];
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return [415, 'unsupported-media-type', 'unsupported content encoding or charset'];
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return [400, 'bad-request', 'the request body could not be read'];
  }
  const status = err.status ?? err.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return [status, 'bad-request', 'the request could not be understood'];
  return undefined;
}

/** Every error becomes a problem document; 5xx only for our own faults, and never with internals. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof HttpProblem) {
      if (err.headers) res.set(err.headers);
      return sendProblem(req, res, err.status, err.slug, err.message, err.errors);
    }
    if (err instanceof ZodError) return sendProblem(req, res, 400, 'validation', 'invalid request', zodFieldErrors(err, '(input)'));
    const client = err && typeof err === 'object' ? clientError(err) : undefined;
    if (client) return sendProblem(req, res, client[0], client[1], client[2]);
    (req as { log?: Logger }).log?.error({ err }, 'unhandled error') ?? logger.error({ err }, 'unhandled error');
    sendProblem(req, res, 500, 'internal', 'an internal error occurred; see the server log for this request id');
  };
}

export function notFound(): RequestHandler {
  return (req, res) => sendProblem(req, res, 404, 'not-found', `no route for ${req.method} ${req.path}`);
}
