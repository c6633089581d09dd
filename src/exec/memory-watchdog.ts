import { writeSync } from 'node:fs';
import { workerData } from 'node:worker_threads';

/**
 * Worker entry (src/exec/memory.ts): polls the process's resident set; past the limit it writes the
 * message itself (the main thread may be busy in a stage) and ends the process with the exit code.
 */
const d = workerData as { limit: number; message: string; exitCode: number };
setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss <= d.limit) return;
  writeSync(2, `lockstep: ${d.message.replace('%RSS%', `${Math.round(rss / 1024 ** 2)} MiB`)}\n`);
  // process.exit in a worker ends only the worker; the exit code is set for the whole process first.
  process.kill(process.pid, 'SIGTERM');
}, 100);
