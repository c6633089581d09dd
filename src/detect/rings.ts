import { clusterTiming, type ClusterTiming, type NullContext } from './cluster-test.js';
import type { FlaggedCommunity, FlagOptions } from './flag.js';
import { createRng } from './rng.js';

/**
 * A copying flag's ring, whole: the flags that wrote the same texts, and the writers no community held.
 *
 * Louvain finds a ring through members who wrote together in two waves or more. Where a third of a
 * ring joins each wave, many members share two waves with few others: their ties are pruned, or
 * they land in another community. A ring of twelve came out as two flags of six that wrote every
 * family together (test/detect/rings.test.ts); dev rings of 27 and 34 as flags of 9 and 7. The
 * families a copying flag counts (near-identical texts the quote, source and commentary rules left
 * as copying) name the rest of the ring:
 * - copying flags that share most of their counted families (MIN_SHARED_FAMILIES at least: most of
 *   those of the flag with fewer) are one ring, reported once;
 * - an account in no flagged cluster with texts in MIN_RING_FAMILIES of the families the ring holds
 *   most of joins it.
 * Nothing here flags anything: the score and expectedFalse stay those of the strongest flag the ring
 * was found as; its statistics and summary describe the ring as reported.
 * Run once over every thread's flags in community order, so the result does not depend on threads
 * and no account is reported twice.
 */
export function wholeRings(ctx: NullContext, flagged: FlaggedCommunity[], opts: Pick<FlagOptions, 'window' | 'nullDraws' | 'seed'>): FlaggedCommunity[] {
  const testOpts = { window: opts.window, draws: opts.nullDraws, regime: 'population' as const };
  const names = ctx.table.accountNames;
  const retest = (members: number[]) => {
    const t = clusterTiming(ctx, members, groupRng(opts.seed, names, members), testOpts);
    markCopying(ctx, t);
    return t;
  };
  const merged = mergeParts(flagged).map((parts): FlaggedCommunity => {
    if (parts.length === 1) return parts[0];
    const { partOf, ...strongest } = parts.reduce((a, b) => (b.score > a.score ? b : a));
    const members = parts.flatMap((p) => p.members);
    const t = retest(members);
    // "Found as a part of a community of N" holds for the ring only where every flag was that part's sibling.
    const onePart = partOf !== undefined && parts.every((p) => p.partOf === partOf && p.community === parts[0].community);
    return { ...strongest, ...(onePart ? { partOf } : {}), members, timing: t, decision: t, community: parts[0].community, ringParts: parts.length };
  });
  const taken = new Set<number>();
  for (const f of merged) for (const a of f.members) taken.add(a);
  const { groups, table } = ctx;
  return merged.map((f) => {
    if (f.reading !== 'copying') return f;
    const count = new Map<number, number>();
    const member = new Set(f.members);
    for (const g of f.timing.copying.counted) {
      const authors = new Set<number>();
      let ours = 0;
      for (let k = groups.offset[g]; k < groups.offset[g + 1]; k++) {
        const a = table.account[groups.order[k]];
        if (authors.has(a)) continue;
        authors.add(a);
        if (member.has(a)) ours++;
      }
      // Only a family the ring holds most of is its own: one it holds a sliver of names a crowd
      // writing the same words (readers pasting a headline hold 50 of the 296 authors of their
      // families; rings hold 90% and more), or another flag's writers.
      if (2 * ours < authors.size) continue;
      for (const a of authors) if (!taken.has(a)) count.set(a, (count.get(a) ?? 0) + 1);
    }
    const writers = [...count].filter(([, n]) => n >= MIN_RING_FAMILIES).map(([a]) => a).sort((x, y) => x - y);
    if (!writers.length) return f;
    for (const a of writers) taken.add(a);
    const members = [...f.members, ...writers];
    return { ...f, members, timing: retest(members), writers: writers.length };
  });
}

/** Counted families two copying flags must share to be one ring (and most of the families of the one with fewer). */
const MIN_SHARED_FAMILIES = 2;

/** Counted families an account outside every flag must have written in to join a ring. */
const MIN_RING_FAMILIES = 2;

/**
 * The flags grouped into rings (copying flags sharing families, transitively), each group in flag
 * order and placed where its first flag was; every other flag alone.
 */
function mergeParts(flagged: FlaggedCommunity[]): FlaggedCommunity[][] {
  const parent = flagged.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const flagsOf = new Map<number, number[]>(); // family → the copying flags counting it
  flagged.forEach((f, i) => {
    if (f.reading !== 'copying') return;
    for (const g of f.timing.copying.counted) {
      const l = flagsOf.get(g);
      if (l) l.push(i);
      else flagsOf.set(g, [i]);
    }
  });
  const shared = new Map<number, number>(); // pair (i·n + j, i < j) → families shared
  const n = flagged.length;
  for (const l of flagsOf.values())
    for (let x = 0; x < l.length; x++)
      for (let y = x + 1; y < l.length; y++) {
        const key = l[x] * n + l[y];
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
  // Parts of one ring share most of their families (every wave holds members of each); two rings
  // whose templates met in a wave or two share a few (mixed large seed 463: three copypasta rings
  // and three bot farms posting the same rumour templates were one flag of 220 when two shared
  // families were enough).
  const counted = (i: number) => flagged[i].timing.copying.counted.length;
  for (const [key, k] of shared) {
    const i = Math.floor(key / n);
    const j = key % n;
    if (k >= MIN_SHARED_FAMILIES && 2 * k >= Math.min(counted(i), counted(j))) parent[find(j)] = find(i);
  }
  const rings = new Map<number, FlaggedCommunity[]>();
  const out: FlaggedCommunity[][] = [];
  flagged.forEach((f, i) => {
    const r = find(i);
    let ring = rings.get(r);
    if (!ring) {
      rings.set(r, (ring = []));
      out.push(ring);
    }
    ring.push(f);
  });
  return out;
}

/** Under the copying reading, the near-duplicate families members share are the evidence. */
export function markCopying(ctx: NullContext, t: ClusterTiming): void {
  for (const g of t.groups) if (copied(ctx, g)) g.burst = true;
}

/** A shared near-duplicate family of specific wording: what the copying reading counts. */
export function copied(ctx: NullContext, g: ClusterTiming['groups'][number]): boolean {
  return ctx.copying.specific[g.group] === 1 && g.events.length >= 2;
}

/** A group's null draws, seeded by its first member's name: the same whichever thread or engine tests it. */
export function groupRng(seed: number, names: string[], group: number[]): () => number {
  return createRng(seed ^ hashString(names[group[0]]));
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
