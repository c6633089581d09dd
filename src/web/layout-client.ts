// Runs forceLayout in a web worker (the page's own bundle, so CSP stays 'self'), falling back to
// the main thread when workers are unavailable or slow.
import { forceLayout, type LayoutInput } from './layout.js';

export interface LayoutRequest {
  n: number;
  sources: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
}

const TIMEOUT_MS = 8000;

export function computeLayout(req: LayoutRequest): Promise<Float64Array> {
  if (typeof Worker === 'undefined') return Promise.resolve(forceLayout(req));
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL(import.meta.url), { type: 'module', name: 'lockstep-layout' });
    } catch {
      resolve(forceLayout(req));
      return;
    }
    const fallback = (): void => {
      worker.terminate();
      resolve(forceLayout(req));
    };
    const timer = setTimeout(fallback, TIMEOUT_MS);
    worker.onmessage = (e: MessageEvent<Float64Array>) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = () => {
      clearTimeout(timer);
      fallback();
    };
    worker.postMessage(req);
  });
}

interface WorkerScope {
  onmessage: ((e: MessageEvent<LayoutInput>) => void) | null;
  postMessage(data: unknown, transfer: Transferable[]): void;
}

/** The worker side: answers each layout request with interleaved positions. */
export function serveLayoutRequests(scope: WorkerScope): void {
  scope.onmessage = (e) => {
    const pos = forceLayout(e.data);
    scope.postMessage(pos, [pos.buffer]);
  };
}
