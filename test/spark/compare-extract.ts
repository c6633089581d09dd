// The extract path (--spark-extract) against the in-process scan: from a finished first phase (run
// with --keep-events), Louvain here, the job's second phase, scoring on the extract. Compares the
// reports whole (apart from generatedAt and stats) and the stats the extract path computes from
// Spark's day-wide figures. By hand:
//   npx tsx test/spark/compare-extract.ts <input> <first-phase out dir>
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ingestSources } from '../../src/ingest/index.js';
import { resolveParams } from '../../src/detect/params.js';
import { scanTable } from '../../src/pipeline.js';
import { communitiesOnSpark, scoreOnExtract, type Candidates } from '../../src/engine/spark-scan.js';
import { submitExtract } from '../../src/engine/spark-job.js';
import { readAccounts, readDir } from '../../src/engine/spark-outputs.js';
import { inProcess } from '../../src/engine/in-process.js';
import { textSources } from '../../src/detect/null-context.js';
import type { ExtractStats, SparkJobStats } from '../../src/engine/types.js';
import type { Report } from '../../src/report/types.js';
import { sparkEnv } from '../../scripts/spark-env.js';

export interface ExtractComparison {
  clusters: { inProcess: [string, string[], number][]; extract: [string, string[], number][] };
  /** The reports without generatedAt and stats, as JSON: equal when the extract path is exact. */
  sameReport: boolean;
  firstDifference?: string;
  stats: { inProcess: Record<string, unknown>; extract: Record<string, unknown> };
  /** Extract accounts whose rank is not their in-process account number. */
  rankMismatches: number;
  /** The copying null's sources (null-context.ts textSources) among the extract's accounts: in process, and as the job counted them over the day. */
  sources: { inProcess: string[]; extract: string[] };
  size: { dayEvents: number; extractEvents: number; extractMemberships: number; extractEpisodes: number; dayEpisodes: number; extractBytes: number; eventsBytes: number };
}

const STATS = ['read', 'events', 'rejected', 'duplicates', 'accounts', 'targets', 'edges', 'communities', 'timeResolution', 'regime', 'flagged', 'flaggedAccounts'] as const;

function bytes(dir: string): number {
  let n = 0;
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    const s = statSync(p);
    n += s.isDirectory() ? bytes(p) : s.size;
  }
  return n;
}

/** Louvain on a first phase's edges (writes out/communities.json for the second phase). */
export async function candidatesOf(out: string): Promise<Candidates> {
  const job = JSON.parse(readFileSync(join(out, 'job.json'), 'utf8')) as SparkJobStats;
  return communitiesOnSpark(out, job, resolveParams({}));
}

/** The in-process scan of `input` against the scan on the extract in `out` (both phases done). */
export async function compareExtract(input: string, out: string, candidates: Candidates): Promise<ExtractComparison> {
  const params = resolveParams({});
  const { table, stats } = await ingestSources([input]);
  const local = await scanTable(table, params, { ingest: stats });
  const job = JSON.parse(readFileSync(join(out, 'job.json'), 'utf8')) as SparkJobStats;
  const x = JSON.parse(readFileSync(join(out, 'extract.json'), 'utf8')) as ExtractStats;
  const remote = await scoreOnExtract(out, job, x, candidates, params, {});
  const rankMismatches = (await readAccounts(join(out, 'extract', 'accounts'), true)).filter((r) => table.accountNames[r.rank!] !== r.account).length;
  const inExtract = new Set((await readDir(join(out, 'extract', 'events'), ['account'])).map((r) => String(r.account)));
  const heavy = await inProcess(table, params, { threads: 1 });
  const mine = textSources(table, heavy.groups);
  const sources = {
    inProcess: table.accountNames.filter((a, i) => mine[i] === 1 && inExtract.has(a)).sort(),
    extract: (await readDir(join(out, 'extract', 'sources'), ['account'])).map((r) => String(r.account)).sort(),
  };
  const clusters = (r: Report) => r.clusters.map((c) => [c.id, c.members, c.score] as [string, string[], number]);
  const body = (r: Report) => JSON.stringify({ ...r, generatedAt: undefined, stats: undefined }, null, 1);
  const a = body(local);
  const b = body(remote);
  let firstDifference: string | undefined;
  if (a !== b) {
    const la = a.split('\n');
    const lb = b.split('\n');
    const k = la.findIndex((l, i) => l !== lb[i]);
    firstDifference = `line ${k}: in process ${la[k]?.slice(0, 200)} | extract ${lb[k]?.slice(0, 200)}`;
  }
  const pick = (r: Report) => Object.fromEntries(STATS.map((k) => [k, (r.stats as unknown as Record<string, unknown>)[k]]));
  return {
    clusters: { inProcess: clusters(local), extract: clusters(remote) },
    sameReport: a === b,
    rankMismatches,
    sources,
    firstDifference,
    stats: { inProcess: pick(local), extract: pick(remote) },
    size: {
      dayEvents: table.size,
      extractEvents: x.extractEvents,
      extractMemberships: x.extractMemberships,
      extractEpisodes: x.extractEpisodes,
      dayEpisodes: x.episodes,
      extractBytes: bytes(join(out, 'extract')),
      eventsBytes: bytes(join(out, 'events')),
    },
  };
}

if (process.argv[1]?.endsWith('compare-extract.ts')) {
  // By hand, after a first phase with --keep-events: Louvain, the second phase, the comparison.
  const [input, out] = process.argv.slice(2);
  const env = sparkEnv();
  const candidates = await candidatesOf(out);
  await submitExtract(out, candidates.file, resolveParams({}), { submit: env.submit, python: env.python, master: 'local[2]', args: ['--conf', 'spark.sql.shuffle.partitions=4'] });
  const r = await compareExtract(input, out, candidates);
  console.log(JSON.stringify({ ...r, clusters: { inProcess: r.clusters.inProcess.length, extract: r.clusters.extract.length, same: JSON.stringify(r.clusters.inProcess) === JSON.stringify(r.clusters.extract) } }, null, 1));
}
