import { Worker } from 'node:worker_threads';

/**
 * Starts a worker script by name: the bundle next to the CLI bundle (dist/<name>.js, see
 * scripts/build.mjs), or — under tsx or vitest, where this module is TypeScript — the .ts source in
 * src/graph, through a shim that registers tsx's loader first.
 */
export function startWorker(name: string, workerData: unknown): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, here), { workerData });
  const src = new URL(`../graph/${name}.ts`, here).href;
  const shim = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(src)}); })`;
  return new Worker(shim, { eval: true, workerData });
}

/** Runs a worker to its one reply. */
export function runWorker<T>(name: string, workerData: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const w = startWorker(name, workerData);
    let done = false;
    w.once('message', (m: T) => {
      done = true;
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
    w.once('exit', (code) => {
      if (!done) reject(new Error(`worker ${name} exited with code ${code} before replying`));
    });
  });
}
