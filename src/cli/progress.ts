import cliProgress from 'cli-progress';
import type { IngestStats } from '../ingest/types.js';
import type { Stage } from '../pipeline.js';

/** A progress line on stderr when it is a terminal (batch jobs' logs stay clean). */
export interface Progress {
  read(stats: IngestStats): void;
  stage(stage: Stage): void;
  stop(): void;
}

export function createProgress(enabled = Boolean(process.stderr.isTTY)): Progress {
  if (!enabled) return { read() {}, stage() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: 'lockstep | {stage} | {events} events read, {rejected} rejected', stream: process.stderr, hideCursor: true, clearOnComplete: true, fps: 10, noTTYOutput: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { stage: 'read', events: 0, rejected: 0 });
  return {
    read: (s) => bar.update(0, { events: s.read.toLocaleString('en'), rejected: s.rejected }),
    stage: (stage) => bar.update(0, { stage }),
    stop: () => bar.stop(),
  };
}
