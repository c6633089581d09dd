import { describe, expect, it } from 'vitest';
import { events, generate, prepare } from '../../scripts/generator/index.js';
import { actionWeights, countCoactions, pruneEdges } from '../../src/graph/coaction.js';
import { countAndPrune } from '../../src/graph/count-pairs.js';
import { groupByTarget, joinGroups } from '../../src/graph/groups.js';
import { targetEpisodesAside } from '../../src/graph/groups-aside.js';
import { findTextGroupsThreaded } from '../../src/graph/text-parallel.js';
import { DEFAULT_TEXT_OPTIONS, findTextGroups } from '../../src/graph/text-similarity.js';
import { tableFromEvents } from '../../src/ingest/table.js';
import type { ActivityEvent } from '../../src/ingest/types.js';
import { DEFAULT_PARAMS } from '../../src/detect/params.js';
import { scanTable } from '../../src/pipeline.js';
import { buildGraph } from '../../src/graph/build.js';
import { detectCommunities } from '../../src/detect/communities.js';
import { flagCommunities } from '../../src/detect/flag.js';
import { flagCommunitiesThreaded } from '../../src/detect/flag-threaded.js';
import { specificLength } from '../../src/graph/specific-length.js';

// A mixed day big enough that every split path runs (pair table of 2^20 slots: several blocks per
// thread; tens of thousands of texts).
const g = generate({ scenario: 'mixed', seed: 5, events: 120_000 });
const table = tableFromEvents([...events(g.world.store, prepare(g.world.store, 'time', 5))] as unknown as ActivityEvent[]);
const P = DEFAULT_PARAMS;

describe('the report does not depend on the thread count', () => {
  it('threads 1 and 2 give the same clusters, members and scores (same seed)', async () => {
    const one = await scanTable(table, { seed: 7 }, { threads: 1 });
    const two = await scanTable(table, { seed: 7 }, { threads: 2 });
    expect(one.clusters.length).toBeGreaterThan(0);
    const view = (r: typeof one) => r.clusters.map((c) => ({ id: c.id, members: c.members, score: c.score }));
    expect(view(two)).toEqual(view(one));
    expect({ ...two.stats, seconds: undefined }).toEqual({ ...one.stats, seconds: undefined });
    expect(two.clusters).toEqual(one.clusters);
  }, 120_000);

  it('pair counting by chunks of groups and runs of buckets gives the single table’s edges, in its order, for any threads, memory bound and record size', async () => {
    const text = findTextGroups(table, { ...DEFAULT_TEXT_OPTIONS, minSimilarity: P.textSimilarity });
    const groups = groupByTarget(table, text.groups, P.episodeGap * 1000);
    const weights = actionWeights(table);
    const o = { window: P.window, scales: P.scales, fanout: P.fanout, minGroups: P.minTargets, topK: P.topK };
    const ref = pruneEdges(countCoactions(table, groups, o, weights), table.accountNames.length, o);
    expect(ref.size).toBeGreaterThan(100);
    for (const threads of [1, 2, 3]) {
      for (const maxRecords of [20_000, 10_000_000]) {
        let path = '';
        const got = await countAndPrune(table, groups, weights, { ...o, threads, maxRecords, onPath: (p) => (path = p) });
        expect(path).toBe('partitions');
        expect(got).toEqual(ref);
      }
    }
    // Records of four words (what data too large for two-word records would take), over several runs.
    expect(await countAndPrune(table, groups, weights, { ...o, threads: 2, maxRecords: 20_000, recordWords: 4 })).toEqual(ref);
    // With the target episodes' times and accounts gathered by the groups worker.
    const episodes = await targetEpisodesAside(table, P.episodeGap * 1000, 2, 0)();
    const joined = joinGroups(table, episodes, text.groups, P.episodeGap * 1000);
    expect(await countAndPrune(table, joined, weights, { ...o, threads: 2, gathered: episodes.gathered })).toEqual(ref);
  }, 120_000);

  it('target episodes made in a worker give groupByTarget’s groups, and their events’ times and accounts in group order', async () => {
    const text = findTextGroups(table, { ...DEFAULT_TEXT_OPTIONS, minSimilarity: P.textSimilarity });
    for (const gap of [P.episodeGap * 1000, Infinity]) {
      const ref = groupByTarget(table, text.groups, gap);
      const episodes = await targetEpisodesAside(table, gap, 2, 0)();
      const got = joinGroups(table, episodes, text.groups, gap);
      expect(got.size).toBe(ref.size);
      expect(Array.from(got.offset)).toEqual(Array.from(ref.offset));
      expect(Array.from(got.order)).toEqual(Array.from(ref.order));
      expect(Array.from(got.parent)).toEqual(Array.from(ref.parent));
      expect(got.label).toEqual(ref.label);
      expect(got.action).toEqual(ref.action);
      const g = episodes.gathered!;
      expect(g.ts.length).toBe(episodes.order.length);
      expect(g.ts.length).toBeLessThan(ref.order.length); // the text families' events come after
      for (let k = 0; k < g.ts.length; k++) {
        expect(g.ts[k]).toBe(table.ts[ref.order[k]]);
        expect(g.account[k]).toBe(table.account[ref.order[k]]);
      }
    }
  }, 60_000);

  it('text families are the same when the signatures are split over workers', async () => {
    const opts = { ...DEFAULT_TEXT_OPTIONS, minSimilarity: P.textSimilarity };
    const ref = findTextGroups(table, opts);
    expect(ref.count).toBeGreaterThan(10);
    const got = await findTextGroupsThreaded(table, opts, 3, 1000);
    expect(got.count).toBe(ref.count);
    expect(Array.from(got.groups)).toEqual(Array.from(ref.groups));
    // Small chunks: each worker signs many, they arrive out of order, and clustering waits for each.
    const chunked = await findTextGroupsThreaded(table, opts, 3, 1000, 997);
    expect(Array.from(chunked.groups)).toEqual(Array.from(ref.groups));
    // The copying null's measure of every compared text comes along, as the context would take it.
    const measured = chunked.specificLengths!;
    let n = 0;
    for (let i = 0; i < table.size; i++) {
      const text = table.text[i];
      if (text === undefined || text.length < opts.minLength / 2) continue;
      expect(measured[i]).toBe(specificLength(text));
      n++;
    }
    expect(n).toBeGreaterThan(1000);
  }, 60_000);

  it('per-community scoring dealt over workers gives the same flagged communities, in the same order', async () => {
    const text = findTextGroups(table, { ...DEFAULT_TEXT_OPTIONS, minSimilarity: P.textSimilarity });
    const groups = groupByTarget(table, text.groups, P.episodeGap * 1000);
    const weights = actionWeights(table);
    const o = { window: P.window, scales: P.scales, fanout: P.fanout, minGroups: P.minTargets, topK: P.topK };
    const edges = pruneEdges(countCoactions(table, groups, o, weights), table.accountNames.length, o);
    const index = new Map(table.accountNames.map((n, i) => [n, i]));
    const communities = detectCommunities(buildGraph(edges, table.accountNames), { resolution: P.resolution, seed: P.seed, minSize: P.minClusterSize }).map((c) => c.map((n) => index.get(n)!));
    expect(communities.length).toBeGreaterThan(6);
    for (const regime of ['population', 'slice'] as const) {
      const ref = flagCommunities(table, groups, weights, communities, edges, regime, P);
      expect(ref.length).toBeGreaterThan(0);
      const got = await flagCommunitiesThreaded(table, groups, weights, communities, edges, regime, P, 3, 2);
      expect(got).toEqual(ref);
    }
  }, 120_000);
});
