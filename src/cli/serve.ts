import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { configFromEnv } from '../api/config.js';
import { createLogger } from '../api/logger.js';
import { startServer } from '../api/server.js';
import { openStore } from '../store/open.js';

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number 0-65535');
  return n;
}

/** `lockstep serve`: the HTTP API (and analyst page) over the configured store. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Serve the HTTP API. Env: PORT, LOCKSTEP_API_KEYS, LOCKSTEP_DATA_DIR, LOCKSTEP_NEO4J_URI, LOCKSTEP_RATE_LIMIT, LOG_LEVEL (see README).')
    .option('-p, --port <n>', 'port to listen on (default: env PORT, else 8080; 0 picks a free one)', parsePort)
    .option('--host <addr>', 'interface to bind', '127.0.0.1')
    .action(async (opts: { port?: number; host: string }) => {
      const logger = createLogger();
      const config = configFromEnv(); // fail fast on malformed env before opening anything
      const port = opts.port ?? (process.env.PORT ? parsePort(process.env.PORT) : 8080);
      if (config.keys.length === 0) logger.warn('LOCKSTEP_API_KEYS is empty: every /v1 request will get 401');
      const { kind, store, location } = await openStore();
      const running = await startServer({ ...config, store, port, host: opts.host, logger });
      logger.info({ url: running.url, store: kind, location }, 'listening');

      const shutdown = (signal: string) => {
        logger.info({ signal }, 'shutting down');
        running.close().then(
          () => process.exit(0),
          (err: unknown) => {
            logger.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    });
}
