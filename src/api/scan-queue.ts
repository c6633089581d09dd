import { randomUUID } from 'node:crypto';
import { resolveParams, type ScanParams } from '../detect/params.js';
import type { FileHistory } from '../history/file-history.js';
import type { Stage } from '../pipeline.js';
import type { Report } from '../report/types.js';
import { confirmedClusters, runScan, type ScanRunner } from '../scan/service.js';
import type { Store, TimeRange } from '../store/types.js';

export type ScanStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export const SCAN_STATUSES: readonly ScanStatus[] = ['queued', 'running', 'done', 'failed', 'cancelled'];

export type { ScanRunner };

/** A scan as the API shows it. */
export interface ScanView {
  id: string;
  status: ScanStatus;
  /** The pipeline stage while running; `done` once done (failed and cancelled scans keep the stage they stopped in). */
  stage?: Stage | 'done';
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  from?: number;
  to?: number;
  params: ScanParams;
  error?: string;
  report?: Report;
}

interface Job extends ScanView {
  abort: AbortController;
}

const KEEP_FINISHED = 1000;

/**
 * Runs scans one at a time, in submission order. Each scan reads its time range from the store,
 * runs the pipeline, and saves the flagged clusters. Cancelling aborts the running pipeline.
 */
export class ScanQueue {
  private readonly jobs = new Map<string, Job>();
  private readonly pending: Job[] = [];
  private running?: { job: Job; done: Promise<void> };
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly runScan: ScanRunner,
    private readonly onError: (scanId: string, err: unknown) => void = () => {},
    /** When given, every finished scan is tracked and recorded in this history. */
    private readonly history?: () => Promise<FileHistory>,
  ) {}

  submit(range: TimeRange, params: Partial<ScanParams>): ScanView {
    if (this.stopped) throw new Error('scan queue is stopped');
    const job: Job = { id: randomUUID(), status: 'queued', createdAt: new Date().toISOString(), params: resolveParams(params), abort: new AbortController(), ...range };
    this.jobs.set(job.id, job);
    this.pending.push(job);
    this.forgetOld();
    queueMicrotask(() => this.pump());
    return view(job);
  }

  get(id: string): ScanView | undefined {
    const j = this.jobs.get(id);
    return j && view(j);
  }

  /** Cancels a queued or running scan; a finished one is returned unchanged. */
  cancel(id: string): ScanView | undefined {
    const j = this.jobs.get(id);
    if (!j) return undefined;
    if (j.status === 'queued') {
      this.pending.splice(this.pending.indexOf(j), 1);
      finish(j, 'cancelled');
    } else if (j.status === 'running') {
      j.abort.abort();
      finish(j, 'cancelled'); // the pipeline stops at its next stage boundary; nothing is saved
    }
    return view(j);
  }

  counts(): Record<ScanStatus, number> {
    const c = Object.fromEntries(SCAN_STATUSES.map((s) => [s, 0])) as Record<ScanStatus, number>;
    for (const j of this.jobs.values()) c[j.status]++;
    return c;
  }

  /** Cancels everything and waits for the running scan to let go of the store. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const j of [...this.pending]) this.cancel(j.id);
    if (this.running) {
      this.cancel(this.running.job.id);
      await this.running.done;
    }
  }

  private pump(): void {
    if (this.running || this.stopped) return;
    const job = this.pending.shift();
    if (!job) return;
    const done = this.execute(job).finally(() => {
      this.running = undefined;
      this.pump();
    });
    this.running = { job, done };
  }

  private async execute(job: Job): Promise<void> {
    job.status = 'running';
    job.startedAt = new Date().toISOString();
    const signal = job.abort.signal;
    try {
      job.stage = 'read';
      const report = await runScan({
        source: { kind: 'store', store: this.store, label: 'store' },
        range: { from: job.from, to: job.to },
        params: job.params,
        signal,
        runner: this.runScan,
        onStage: (s) => {
          if (job.status === 'running') job.stage = s;
        },
        history: this.history ? { history: await this.history(), key: job.id, confirmed: await confirmedClusters(this.store) } : undefined,
      });
      if (signal.aborted) return;
      await this.store.saveScan(job.id, report);
      if (signal.aborted) return;
      job.report = report;
      job.stage = 'done';
      finish(job, 'done');
    } catch (err) {
      if (signal.aborted) return;
      this.onError(job.id, err);
      job.error = err instanceof Error ? err.message : 'scan failed';
      finish(job, 'failed');
    }
  }

  private forgetOld(): void {
    let finished = 0;
    for (const j of this.jobs.values()) if (isFinished(j.status)) finished++;
    for (const [id, j] of this.jobs) {
      if (finished <= KEEP_FINISHED) break;
      if (isFinished(j.status)) {
        this.jobs.delete(id);
        finished--;
      }
    }
  }
}

const isFinished = (s: ScanStatus) => s === 'done' || s === 'failed' || s === 'cancelled';

function finish(j: Job, status: ScanStatus): void {
  j.status = status;
  j.finishedAt = new Date().toISOString();
}

function view(j: Job): ScanView {
  const { abort: _abort, ...rest } = j;
  return { ...rest };
}
