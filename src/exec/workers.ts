import { Worker } from 'node:worker_threads';

/**
 * Starts a worker script, named by its path under src/ without extension ("graph/pair-worker"): the
 * bundle next to the CLI bundle (dist/pair-worker.js, see scripts/build.mjs), or — under tsx or
 * vitest, where this module is TypeScript — the .ts source, through a shim that registers tsx's
 * loader first.
 */
export function startWorker(path: string, workerData: unknown): Worker {
  const here = import.meta.url;
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, here), { workerData });
  const src = new URL(`../${path}.ts`, here).href;
  const shim = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(src)}); })`;
  return new Worker(shim, { eval: true, workerData });
}

/** Runs a worker to its one reply. */
export function runWorker<T>(path: string, workerData: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const w = startWorker(path, workerData);
    let done = false;
    w.once('message', (m: T) => {
      done = true;
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
    w.once('exit', (code) => {
      if (!done) reject(new Error(`worker ${path} exited with code ${code} before replying`));
    });
  });
}
