import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, destination, type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';

/** Structured logs to stderr; level from LOG_LEVEL. Credentials are redacted wherever they appear. */
export function createLogger(level = process.env.LOG_LEVEL || 'info'): Logger {
  return pino(
    {
      level,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["proxy-authorization"]'], censor: '[redacted]' },
    },
    destination({ dest: 2, sync: false }),
  );
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Request logging with a request id: the caller's X-Request-Id when it is sane, else a fresh UUID. */
export function httpLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    genReqId(req: IncomingMessage, res: ServerResponse) {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel(_req, res, err) {
      if (err || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return 'info';
    },
    serializers: {
      // Method, path and id only: query strings and bodies may hold data the caller wants kept out of logs.
      req: (req: { id: unknown; method: string; url: string; headers: Record<string, unknown> }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
        headers: { 'user-agent': req.headers['user-agent'], authorization: req.headers.authorization ? '[redacted]' : undefined },
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
