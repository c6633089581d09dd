import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { coortweetEdges } from '../../src/graph/coortweet.js';
import { ingestSources } from '../../src/ingest/ingest.js';
import { parseMapping } from '../../src/ingest/mapping.js';
import type { EventTable } from '../../src/ingest/table.js';
import { eventAt, tableFromEvents } from '../../src/ingest/table.js';
import { sharedDir } from '../../scripts/shared-dir.js';

const shared = sharedDir();
const dataDir = join(shared, 'data', 'coortweet-russian');
const input = join(dataDir, 'russian_coord_tweets.csv');

interface RefEdge {
  from: string;
  to: string;
  weight: string;
  avg_time_delta: string;
  n_content_id: string;
  n_content_id_y: string;
}

const pairKey = (x: string, y: string) => (x < y ? `${x}|${y}` : `${y}|${x}`);

describe('CooRTweet co-share network on the Russian retweet data', () => {
  let table: EventTable;
  beforeAll(async () => {
    if (!existsSync(input)) throw new Error(`shared data not found at ${input}: set LOCKSTEP_SHARED_DIR to the shared directory (the one holding data/coortweet-russian/)`);
    const { table: t, stats } = await ingestSources([input], { mapping: parseMapping('coortweet'), duplicates: 'exact', strict: true });
    expect(stats.read).toBe(35125);
    expect(stats.duplicates).toBe(1); // the one exact duplicate row; rows repeating only a content id are kept
    table = t;
  });

  for (const W of [10, 60]) {
    for (const M of [1, 2]) {
      it(`time_window = ${W}, min_participation = ${M}: same pairs, weights, deltas and content counts as CooRTweet`, () => {
        const refFile = join(dataDir, `russian_coortweet_tw${W}_mp${M}_allweights_edges.csv`);
        if (!existsSync(refFile)) throw new Error(`reference edges not found: ${refFile}`);
        const ref = parse(readFileSync(refFile), { columns: true }) as RefEdge[];
        const edges = coortweetEdges(table, { timeWindow: W, minParticipation: M });

        const want = new Map(ref.map((r) => [pairKey(r.from, r.to), r]));
        const got = new Map(edges.map((e) => [pairKey(e.a, e.b), e]));
        expect(got.size).toBe(want.size);
        expect([...got.keys()].filter((k) => !want.has(k))).toEqual([]);
        for (const [k, r] of want) {
          const e = got.get(k)!;
          expect({ pair: k, weight: e.weight, n: e.nContent, ny: e.nContentY }).toEqual({ pair: k, weight: Number(r.weight), n: Number(r.n_content_id), ny: Number(r.n_content_id_y) });
          expect(e.avgTimeDelta).toBeCloseTo(Number(r.avg_time_delta), 9);
        }
      });
    }
  }
});

describe('coortweetEdges semantics', () => {
  const share = (id: string, account: string, target: string, s: number) => ({ id, account, action: 'share', target, ts: s * 1000 });

  it('counts every pair of shares within the window, inclusive, and ignores same-account pairs', () => {
    const t = tableFromEvents([share('1', 'a', 'o', 0), share('2', 'b', 'o', 10), share('3', 'b', 'o', 11), share('4', 'a', 'o', 5), share('5', 'c', 'p', 0)]);
    const edges = coortweetEdges(t, { timeWindow: 10, minParticipation: 1 });
    // a@0–b@10 (Δ10, inclusive), a@5–b@10, a@5–b@11; a@0–b@11 is outside; a–a and b–b never pair.
    expect(edges).toEqual([{ a: 'a', b: 'b', weight: 3, avgTimeDelta: (10 + 5 + 6) / 3, nContent: 2, nContentY: 2, edgeSymmetry: 1 }]);
  });

  it('drops accounts below min participation before pairing', () => {
    const t = tableFromEvents([share('1', 'a', 'o', 0), share('2', 'b', 'o', 1), share('3', 'a', 'p', 0), share('4', 'c', 'p', 1), share('5', 'a', 'q', 0), share('6', 'c', 'q', 2)]);
    const m1 = coortweetEdges(t, { timeWindow: 10, minParticipation: 1 }).map((e) => `${e.a}-${e.b}:${e.weight}`);
    const m2 = coortweetEdges(t, { timeWindow: 10, minParticipation: 2 }).map((e) => `${e.a}-${e.b}:${e.weight}`);
    expect(m1).toEqual(['a-b:1', 'a-c:2']);
    expect(m2).toEqual(['a-c:2']); // b has one row
  });

  it('keeps a pair only if one side has min participation among the pairs', () => {
    // a and c have two rows each, but only one of each is in a pair: the pair goes at M = 2.
    const t = tableFromEvents([share('1', 'a', 'p', 0), share('2', 'c', 'p', 1), share('3', 'a', 'q', 0), share('4', 'c', 'r', 100)]);
    expect(coortweetEdges(t, { timeWindow: 10, minParticipation: 2 })).toEqual([]);
    // Give a a second paired share (with d): now a qualifies, and a's pair with c is kept too.
    const u = tableFromEvents([...[0, 1, 2, 3].map((i) => eventAt(t, i)), share('5', 'd', 'q', 3), share('6', 'd', 's', 0)]);
    expect(coortweetEdges(u, { timeWindow: 10, minParticipation: 2 }).map((e) => `${e.a}-${e.b}`)).toEqual(['a-c', 'a-d']);
  });

  it('never pairs a content with itself', () => {
    const t = tableFromEvents([share('x', 'a', 'o', 0), share('y', 'b', 'o', 1), share('y', 'b', 'o', 1)]);
    expect(coortweetEdges(t, { timeWindow: 10, minParticipation: 1 })[0].weight).toBe(1);
  });
});
