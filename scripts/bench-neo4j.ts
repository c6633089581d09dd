/**
 * Neo4j ingest benchmark (npm run bench:neo4j): starts the local test Neo4j (scripts/neo4j), ingests
 * generated events through the Neo4j store the way `lockstep ingest` does (BatchWriter: batches of
 * DEFAULT_BATCH_SIZE, DEFAULT_WRITERS in flight), each run into an empty database, then reads one day
 * back. Prints events/s per run and the median.
 *
 * A freshly started JVM runs Neo4j's code interpreted until the JIT has compiled it: the first
 * ~200,000 events of a cold server's first ingest go at a fraction of the steady rate, and the JIT
 * takes ~25 s of CPU meanwhile. So by default the server is started once and its first ingest is
 * reported separately as "cold"; then, before each of the --runs timed runs, the database is replaced
 * by an empty one in the same JVM (Neo4jServer.reset), and the median is over those: the rate of a
 * running server. --cold starts a fresh server for every timed run instead (each pays the warm-up).
 * Flags (or env): --events (BENCH_EVENTS, 1,000,000), --runs (BENCH_RUNS, 3), --seed (BENCH_SEED, 7),
 * --heap (BENCH_HEAP, 4g), --batch (BENCH_BATCH), --writers (BENCH_WRITERS), --jvm (BENCH_JVM: extra
 * server JVM options, space-separated), --cold.
 *   npm run bench:neo4j -- --events 200000 --runs 1
 */
import { parseArgs } from 'node:util';
import { generate, prepare, events as renderEvents } from './generator/index.js';
import { startNeo4j, type Neo4jServer } from '../test/support/neo4j-server.js';
import { openNeo4jStore, DEFAULT_BATCH_SIZE, DEFAULT_WRITERS } from '../src/store/neo4j/index.js';
import { BatchWriter } from '../src/store/neo4j/load.js';
import type { ActivityEvent } from '../src/ingest/types.js';

const { values: flags } = parseArgs({
  options: {
    events: { type: 'string' },
    runs: { type: 'string' },
    seed: { type: 'string' },
    heap: { type: 'string' },
    batch: { type: 'string' },
    writers: { type: 'string' },
    cold: { type: 'boolean', default: false },
    jvm: { type: 'string' },
  },
});
const N = Number(flags.events ?? process.env.BENCH_EVENTS ?? 1_000_000);
const RUNS = Number(flags.runs ?? process.env.BENCH_RUNS ?? 3);
const SEED = Number(flags.seed ?? process.env.BENCH_SEED ?? 7);
const HEAP = flags.heap ?? process.env.BENCH_HEAP ?? '4g';
const BATCH = Number(flags.batch ?? process.env.BENCH_BATCH ?? DEFAULT_BATCH_SIZE);
const WRITERS = Number(flags.writers ?? process.env.BENCH_WRITERS ?? DEFAULT_WRITERS);
const COLD = flags.cold!;
/** Extra JVM options for the server, space-separated (e.g. "-XX:+UseParallelGC"). */
const JVM = (flags.jvm ?? process.env.BENCH_JVM ?? '').split(/\s+/).filter(Boolean);
const DAY = 86_400_000;

const log = (s: string) => process.stderr.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

log(`generating ${N.toLocaleString('en')} events (mixed scenario, seed ${SEED})...`);
let t = performance.now();
const g = generate({ scenario: 'mixed', seed: SEED, events: N });
const all: ActivityEvent[] = [...renderEvents(g.world.store, prepare(g.world.store, 'time', SEED))];
log(`  ${all.length.toLocaleString('en')} events in ${((performance.now() - t) / 1000).toFixed(1)} s`);

type Run = { seconds: number; rate: number; accepted: number };
const runs: Run[] = [];
let coldRun: Run | undefined;
let readBack: { seconds: number; events: number; from: string } | undefined;

/** One ingest of every event into the server's (empty) database; the last timed run also reads a day back. */
async function ingest(server: Neo4jServer, label: string, last: boolean): Promise<Run> {
  const store = await openNeo4jStore({ uri: server.uri, user: server.user, password: server.password, batchSize: BATCH });
  try {
    t = performance.now();
    const writer = new BatchWriter(store, WRITERS);
    for (let i = 0; i < all.length; i += BATCH) await writer.send(all.slice(i, i + BATCH));
    await writer.drain();
    const accepted = writer.counts.accepted;
    const seconds = (performance.now() - t) / 1000;
    log(`${label}: ${accepted.toLocaleString('en')} events in ${seconds.toFixed(1)} s = ${Math.round(all.length / seconds).toLocaleString('en')} events/s`);
    if (last) {
      // One whole day from the middle of the data.
      const mid = all[Math.floor(all.length / 2)].ts;
      const from = Math.floor(mid / DAY) * DAY;
      t = performance.now();
      let n = 0;
      for await (const b of store.readEvents({ from, to: from + DAY - 1 })) n += b.length;
      readBack = { seconds: (performance.now() - t) / 1000, events: n, from: new Date(from).toISOString().slice(0, 10) };
      log(`read back ${readBack.from}: ${n.toLocaleString('en')} events in ${readBack.seconds.toFixed(2)} s`);
    }
    return { seconds, rate: all.length / seconds, accepted };
  } finally {
    await store.close();
  }
}

const start = () => startNeo4j({ heap: HEAP, pagecache: 2 * 1024 ** 3, jvm: JVM });
if (COLD) {
  for (let run = 1; run <= RUNS; run++) {
    const server = await start();
    try {
      runs.push(await ingest(server, `run ${run} (fresh server)`, run === RUNS));
    } finally {
      await server.stop();
    }
  }
} else {
  const server = await start();
  try {
    coldRun = await ingest(server, 'cold run (first ingest after the server started; not in the median)', false);
    for (let run = 1; run <= RUNS; run++) {
      await server.reset();
      runs.push(await ingest(server, `run ${run} (empty database, warm server)`, run === RUNS));
    }
  } finally {
    await server.stop();
  }
}
const med = median(runs.map((r) => r.rate));
log(`median: ${Math.round(med).toLocaleString('en')} events/s`);
process.stdout.write(
  JSON.stringify(
    {
      events: all.length,
      batch: BATCH,
      writers: WRITERS,
      jvm: JVM,
      server: COLD ? 'fresh server per run' : 'one server; an empty database per run',
      coldRun: coldRun && { seconds: +coldRun.seconds.toFixed(2), eventsPerSecond: Math.round(coldRun.rate) },
      runs: runs.map((r) => ({ seconds: +r.seconds.toFixed(2), eventsPerSecond: Math.round(r.rate) })),
      medianEventsPerSecond: Math.round(med),
      readBackOneDay: readBack && { day: readBack.from, events: readBack.events, seconds: +readBack.seconds.toFixed(2) },
      load: (await import('node:os')).loadavg().map((x) => +x.toFixed(1)),
    },
    null,
    2,
  ) + '\n',
);
