import express, { type Express } from 'express';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import { scanTable } from '../pipeline.js';
import type { Store } from '../store/types.js';
import { webRoutes } from '../web/routes.js';
import { authenticate, principalOf } from './auth.js';
import { configFromEnv, type ApiConfig } from './config.js';
import { cors } from './cors.js';
import type { ApiDeps } from './deps.js';
import { errorHandler, notFound } from './errors.js';
import { IdempotencyCache } from './idempotency.js';
import { createLogger, httpLogger } from './logger.js';
import { Metrics } from './metrics.js';
import { HttpProblem } from './problem.js';
import { clusterRoutes } from './routes/clusters.js';
import { eventRoutes } from './routes/events.js';
import { opsRoutes } from './routes/ops.js';
import { scanRoutes } from './routes/scans.js';
import { operationRoutes } from './routes/operations.js';
import { FileHistory } from '../history/file-history.js';
import { ScanQueue, type ScanRunner } from './scan-queue.js';

export interface AppOptions extends Partial<ApiConfig> {
  store: Store;
  logger?: Logger;
  /** The scan pipeline (tests substitute a controllable one). */
  runScan?: ScanRunner;
}

export interface LockstepApp {
  app: Express;
  /** Background scans: the server stops this on shutdown. */
  scans: ScanQueue;
  metrics: Metrics;
}

/**
 * The HTTP app, not listening: tests and `lockstep serve` share it. Options not given come from
 * the environment (see config.ts).
 */
export function createApp(opts: AppOptions): LockstepApp {
  const env = configFromEnv();
  const config: ApiConfig = {
    keys: opts.keys ?? env.keys,
    rateLimitPerMinute: opts.rateLimitPerMinute ?? env.rateLimitPerMinute,
    bodyLimitBytes: opts.bodyLimitBytes ?? env.bodyLimitBytes,
    maxLineBytes: opts.maxLineBytes ?? env.maxLineBytes,
    corsOrigins: opts.corsOrigins ?? env.corsOrigins,
    allowAnyTime: opts.allowAnyTime ?? env.allowAnyTime,
    // Only when asked for (lockstep serve passes the environment's): tests' apps keep no history.
    historyDir: opts.historyDir,
  };
  const logger = opts.logger ?? createLogger();
  const metrics = new Metrics();
  let opened: Promise<FileHistory> | undefined;
  const history = config.historyDir ? () => (opened ??= FileHistory.open(config.historyDir!)) : undefined;
  const scans = new ScanQueue(opts.store, opts.runScan ?? scanTable, (id, err) => logger.error({ err, scanId: id }, 'scan failed'), history);
  const deps: ApiDeps = { store: opts.store, config, metrics, scans, idempotency: new IdempotencyCache(), logger, history };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(httpLogger(logger));
  app.use(metrics.middleware());
  app.use(helmet());
  if (config.corsOrigins.length) app.use(cors(config.corsOrigins));

  app.use(opsRoutes(deps));

  app.use(
    '/v1',
    authenticate(config.keys),
    rateLimit({
      windowMs: 60_000,
      limit: config.rateLimitPerMinute,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      keyGenerator: (_req, res) => principalOf(res).name,
      validate: { keyGeneratorIpFallback: false },
      handler: (req, _res, next) => {
        const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
        const retry = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 60;
        next(new HttpProblem(429, 'rate-limited', `too many requests for this API key; retry in ${retry}s`, undefined, { 'Retry-After': String(retry) }));
      },
    }),
  );
  app.use(eventRoutes(deps));
  app.use(scanRoutes(deps));
  app.use(clusterRoutes(deps));
  app.use(operationRoutes(deps));
  app.use('/v1', notFound());

  app.use(webRoutes());
  app.use(notFound());
  app.use(errorHandler(logger));
  return { app, scans, metrics };
}
