/**
 * One baseline on one input, timed (for npm run bench -- --compare): reads the events as the CLI
 * does, then runs
 *   naive      — the co-share count common tools use: two shares of a target within 60 s are a
 *                co-share, pairs with ≥ 2 are linked, connected components of ≥ 3 are the clusters
 *                (scripts/eval/baseline.ts, the evaluation's baseline);
 *   coortweet  — CooRTweet's pair semantics (src/graph/coortweet.ts: detect_groups +
 *                generate_coordinated_network) with its default 10 s window and min_participation 2.
 *                (Every pair of shares within the window is materialised: with a 60 s window a
 *                1 M-event mixed day exceeds node's 4 GB heap.)
 * Prints one JSON line: { read, compute, what } (seconds).
 *
 *   tsx scripts/bench-baselines.ts <input> naive|coortweet
 */
import { ingestSources } from '../src/ingest/index.js';
import { coortweetEdges } from '../src/graph/coortweet.js';
import { baselineClusters } from './eval/baseline.js';

const [input, method] = process.argv.slice(2);
if (!input || (method !== 'naive' && method !== 'coortweet')) {
  process.stderr.write('usage: tsx scripts/bench-baselines.ts <input> naive|coortweet\n');
  process.exit(1);
}
let t = performance.now();
const { table } = await ingestSources([input], {});
const read = (performance.now() - t) / 1000;
t = performance.now();
let what: string;
if (method === 'naive') {
  const clusters = baselineClusters(table, { windowS: 60, minCoShares: 2, minClusterSize: 3 });
  what = `${clusters.length} components, ${clusters.reduce((n, c) => n + c.members.length, 0)} accounts`;
} else {
  const edges = coortweetEdges(table, { timeWindow: 10, minParticipation: 2 });
  what = `${edges.length} co-share edges (10 s)`;
}
const compute = (performance.now() - t) / 1000;
process.stdout.write(JSON.stringify({ read, compute, what }) + '\n');
