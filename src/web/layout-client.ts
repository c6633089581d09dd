// Runs clusterLayout in a web worker (the page's own bundle, so CSP stays 'self'), falling back to
// the main thread when workers are unavailable or slow.
import { clusterLayout, type LayoutInput, type LayoutResult } from './layout.js';

export interface LayoutRequest {
  n: number;
  sources: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
  backbone: Uint8Array;
}

const TIMEOUT_MS = 8000;

export function computeLayout(req: LayoutRequest): Promise<LayoutResult> {
  if (typeof Worker === 'undefined') return Promise.resolve(clusterLayout(req));
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL(import.meta.url), { type: 'module', name: 'lockstep-layout' });
    } catch {
      resolve(clusterLayout(req));
      return;
    }
    const fallback = (): void => {
      worker.terminate();
      resolve(clusterLayout(req));
    };
    const timer = setTimeout(fallback, TIMEOUT_MS);
    worker.onmessage = (e: MessageEvent<LayoutResult>) => {
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

/** The worker side: answers each layout request with positions and sub-communities. */
export function serveLayoutRequests(scope: WorkerScope): void {
  scope.onmessage = (e) => {
    const res = clusterLayout(e.data);
    scope.postMessage(res, [res.pos.buffer, res.group.buffer, res.isolated.buffer]);
  };
}
