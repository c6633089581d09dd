import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Store } from '../store/types.js';
import { createApp, type AppOptions } from './app.js';
import { createLogger } from './logger.js';

export interface ServeOptions extends AppOptions {
  port: number;
  host: string;
  /** How long shutdown waits for in-flight requests before closing their connections. */
  shutdownGraceMs?: number;
}

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  /** Graceful stop: refuse new connections, let in-flight requests finish, stop scans, close the store. */
  close(): Promise<void>;
}

/** Listens with the app; timeouts guard against slow or idle clients holding sockets. */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const logger: Logger = opts.logger ?? createLogger();
  const { app, scans } = createApp({ ...opts, logger });
  const server = createServer(app);
  server.headersTimeout = 15_000; // slowloris: headers must arrive promptly
  server.requestTimeout = 120_000; // whole request including a large body upload
  server.keepAliveTimeout = 5_000;
  server.maxRequestsPerSocket = 0;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const url = `http://${host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), opts.shutdownGraceMs ?? 10_000);
      force.unref();
      await drained;
      clearTimeout(force);
      await scans.stop();
      await closeStore(opts.store, logger);
      logger.info('server stopped');
      logger.flush();
    })());

  return { server, url, port, close };
}

async function closeStore(store: Store, logger: Logger): Promise<void> {
  try {
    await store.close();
  } catch (err) {
    logger.error({ err }, 'closing the store failed');
  }
}
