import Graph from 'graphology';
import { detectCommunities } from './communities.js';

/**
 * Which of a group's near-duplicate families it posts as a ring. A ring posts as a ring: a good part
 * of it is in each of its families (campaign participation runs 20–100%). A crowd quoting the day's
 * headlines, with no source in the data to say so, sends a different sliver of itself to each story:
 * no ring, however concentrated its slivers are. Read as the family size a member's text typically
 * sits in (Σk²/Σk) against the group's size, so a few stray two-member families (two members
 * answering one post alike) do not dilute a ring's whole families.
 *
 * A group can also hold several rings (operators that share a template land in one community, and
 * each ring's families hold a part of the group too small for the rule). Where the whole group is
 * no ring, its rings are looked for by sample splitting: Louvain on the members' co-authorship in
 * one half of the families, and the ring rule read on each part in the other half only. Chance
 * coincidences (fans who happen to reply alike) do not repeat in the held-back half; a ring does.
 * Only the held-back half then counts as evidence.
 */

/** One family as the test sees it: its key (the same on any engine), and its members by name. */
export interface FamilyMembers {
  key: string;
  members: string[];
}

/** Share of a group (or ring) that must join its families, on average, for it to read as a ring. */
export const RING_PARTICIPATION = 0.1;

/** Families (of the held-back half) a ring must hold at least two of its members in. */
const MIN_RING_FAMILIES = 2;

/** Families (of the half that finds the rings) a pair must co-author to tie them. */
const MIN_PAIR_FAMILIES = 2;

/** Smallest ring: below three accounts nothing is reported anyway. */
const MIN_RING_SIZE = 3;

/** Families the split needs before it is tried (the copying reading needs three). */
const MIN_FAMILIES = 3;

/** Whether a group whose families hold `sizes` of its members posts as one ring. */
export function isRing(sizes: readonly number[], groupSize: number): boolean {
  let joined = 0;
  let joinedSq = 0;
  for (const k of sizes) {
    joined += k;
    joinedSq += k * k;
  }
  return joined > 0 && joinedSq / joined >= RING_PARTICIPATION * groupSize;
}

/**
 * For each family (by index), whether it counts as a ring's: all of them when the group is one ring;
 * else the held-back families of the rings found inside it. `describe` gives the families' keys and
 * member names, asked for only when the split is needed (most groups are read on their sizes).
 */
export function ringFamilies(sizes: readonly number[], groupSize: number, describe: () => FamilyMembers[]): boolean[] {
  if (isRing(sizes, groupSize)) return sizes.map(() => true);
  const none = sizes.map(() => false);
  if (sizes.length < MIN_FAMILIES) return none;
  const families = describe();
  // In a canonical order (keys, then names), so Louvain sees the same graph on every engine.
  const order = families.map((_, i) => i).sort((a, b) => (families[a].key < families[b].key ? -1 : families[a].key > families[b].key ? 1 : 0));
  const held = families.map((f) => halfOf(f.key) === 1);
  // Louvain's graph: pairs that co-author at least two families of this half. A ring's members meet
  // again and again; a crowd's mostly meet once, and its pairs (millions, in big communities) would
  // only cost time. Member ids in first-met order, so the graph is the same on every engine.
  const id = new Map<string, number>();
  const names: string[] = [];
  const found: number[][] = []; // this half's families as member ids
  for (const i of order) {
    if (held[i]) continue;
    found.push(
      [...families[i].members].sort().map((m) => {
        let v = id.get(m);
        if (v === undefined) {
          id.set(m, (v = names.length));
          names.push(m);
        }
        return v;
      }),
    );
  }
  // Each member's co-authors counted in a typed array (a Map of pairs cost seconds at 10 M events,
  // where crowds' big families hold millions of pairs that meet once).
  const familiesOf: number[][] = names.map(() => []);
  found.forEach((ms, f) => ms.forEach((m) => familiesOf[m].push(f)));
  const together = new Int32Array(names.length);
  const touched: number[] = [];
  const graph = new Graph({ type: 'undirected' });
  for (let x = 0; x < names.length; x++) {
    for (const f of familiesOf[x]) for (const y of found[f]) if (y > x && together[y]++ === 0) touched.push(y);
    for (const y of touched) {
      if (together[y] >= MIN_PAIR_FAMILIES) {
        graph.mergeNode(names[x]);
        graph.mergeNode(names[y]);
        graph.addUndirectedEdge(names[x], names[y], { weight: together[y] });
      }
      together[y] = 0;
    }
    touched.length = 0;
  }
  if (graph.order === 0) return none;
  const partOf = new Map<string, number>();
  const parts = detectCommunities(graph, { resolution: 1, seed: 1, minSize: 1 });
  parts.forEach((nodes, p) => nodes.forEach((n) => partOf.set(n, p)));

  // Each held-back family's members per part.
  const perPart = families.map((f, i) => {
    const per = new Map<number, number>();
    if (held[i]) for (const m of f.members) {
      const p = partOf.get(m);
      if (p !== undefined) per.set(p, (per.get(p) ?? 0) + 1);
    }
    return per;
  });
  const stats = parts.map(() => ({ families: 0, k: 0, k2: 0, pairs: 0 }));
  // Pairs of members in one held-back family, and the slots the group fills in them: a part that
  // fills a share a of the slots holds about a² of the pairs when it is no ring.
  let slots = 0;
  let pairs = 0;
  families.forEach((f, i) => {
    if (!held[i]) return;
    slots += f.members.length;
    pairs += (f.members.length * (f.members.length - 1)) / 2;
  });
  for (const per of perPart)
    for (const [p, k] of per) {
      if (k >= 2) stats[p].families++;
      stats[p].k += k;
      stats[p].k2 += k * k;
      stats[p].pairs += (k * (k - 1)) / 2;
    }
  const ring = stats.map((s, p) => {
    if (parts[p].length < MIN_RING_SIZE || s.families < MIN_RING_FAMILIES || s.k2 / s.k < RING_PARTICIPATION * parts[p].length) return false;
    const expected = pairs * (s.k / slots) ** 2;
    return poissonTail(s.pairs, expected) <= RING_P;
  });
  return perPart.map((per) => [...per].some(([p, k]) => k >= 2 && ring[p]));
}

/** How unlikely a part's pairs in the held-back families must be, were it no ring. */
const RING_P = 1e-3;

/** P(X ≥ n) for X ~ Poisson(mean). */
function poissonTail(n: number, mean: number): number {
  if (n <= 0) return 1;
  if (mean <= 0) return 0;
  let term = Math.exp(-mean);
  let below = 0;
  for (let j = 0; j < n; j++) {
    below += term;
    term *= mean / (j + 1);
  }
  return Math.max(0, 1 - below);
}

/** Which half a family is in, from its key: a hash, so the halves know nothing of who is in them. */
function halfOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) & 1;
}
