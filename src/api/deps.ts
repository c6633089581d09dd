import type { Logger } from 'pino';
import type { Store } from '../store/types.js';
import type { FileHistory } from '../history/file-history.js';
import type { ApiConfig } from './config.js';
import type { IdempotencyCache } from './idempotency.js';
import type { Metrics } from './metrics.js';
import type { ScanQueue } from './scan-queue.js';

/** What route handlers need, passed explicitly rather than hung on `app.locals`. */
export interface ApiDeps {
  store: Store;
  config: ApiConfig;
  metrics: Metrics;
  scans: ScanQueue;
  idempotency: IdempotencyCache;
  logger: Logger;
  /** The scan history behind /v1/operations, when the server keeps one. */
  history?: () => Promise<FileHistory>;
}
