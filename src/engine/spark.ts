import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupByTarget } from '../graph/groups.js';
import { actionWeights } from '../graph/coaction.js';
import { readEdges, readTextGroups } from './spark-outputs.js';
import { submitJob, type SparkOptions } from './spark-job.js';
import type { HeavyEngine, HeavyStages, SparkJobStats } from './types.js';
import type { EventTable } from '../ingest/table.js';

/**
 * The heavy stages on Spark: the job reads the same inputs, writes text families and the pruned
 * pair table, and this side reads them back. Episodes are rebuilt here from the families (one
 * linear pass), because the timing test walks them over the event table this process holds.
 */
export function sparkEngine(inputs: string[], opts: SparkOptions & { out?: string }): HeavyEngine {
  return async (table, params) => {
    const out = opts.out ?? (await mkdtemp(join(tmpdir(), 'lockstep-spark-')));
    try {
      const job = await submitJob(inputs, out, params, opts);
      return await fromOutputs(table, params.episodeGap, out, job);
    } finally {
      if (!opts.out) await rm(out, { recursive: true, force: true });
    }
  };
}

/** HeavyStages from a finished job's output directory. */
export async function fromOutputs(table: EventTable, episodeGap: number, out: string, job: SparkJobStats): Promise<HeavyStages> {
  if (job.events !== table.size) throw new Error(`the Spark job accepted ${job.events} events, this process ${table.size}: they read different input`);
  const clock = performance.now();
  const text = await readTextGroups(out, table.size);
  const groups = groupByTarget(table, text.groups, episodeGap * 1000);
  const edges = await readEdges(out, table);
  const seconds = { text: job.seconds.text ?? 0, graph: (job.seconds.pairs ?? 0) + (job.seconds.prune ?? 0), sparkRead: (performance.now() - clock) / 1000 };
  return { text, groups, weights: actionWeights(table), edges, seconds, spark: job };
}
