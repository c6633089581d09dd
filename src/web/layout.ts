// The member graph's layout: sub-cells first, then forces. Louvain (on every edge, by weight)
// finds the cluster's sub-communities; each starts in its own sector, ForceAtlas2 in LinLog mode
// (on the backbone edges only; a near-complete graph would pull everything into one disc) settles
// the members, and each cell is then drawn a little towards its own centre so neighbouring cells
// show a gap. Members without any edge go to rows below. Deterministic (seeded Louvain, no
// Math.random): the same cluster always looks the same.
import Graph from 'graphology';
import louvain from 'graphology-communities-louvain';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { createRng } from '../detect/rng.js';

export interface LayoutInput {
  /** Node count; nodes are 0..n-1. */
  n: number;
  /** Edge endpoints and weights as parallel arrays. */
  sources: ArrayLike<number>;
  targets: ArrayLike<number>;
  weights: ArrayLike<number>;
  /** 1 for edges the forces use (the drawn backbone); all edges inform the sub-communities. */
  backbone: ArrayLike<number>;
}

export interface LayoutResult {
  /** Interleaved x,y positions in [-1, 1]. */
  pos: Float64Array;
  /** 1 for members without any edge: set apart in rows below the graph rather than flung round it by repulsion. */
  isolated: Uint8Array;
  /** Sub-community of each node, 0..groups-1, largest first; all 0 when there is no real split. */
  group: Int32Array;
  groups: number;
}

/** Below this modularity a Louvain split of a near-clique is noise, not sub-cells. */
const MIN_MODULARITY = 0.1;
/** Sub-communities smaller than this share of the cluster are not worth a colour of their own. */
const MIN_GROUP_SHARE = 0.03;


/** Sub-communities by weight; a single group unless the split is real (modularity, group sizes). */
export function subCommunities(input: LayoutInput, seed = 7): { group: Int32Array; groups: number } {
  const { n, sources, targets, weights } = input;
  const group = new Int32Array(n);
  if (n < 6 || sources.length === 0) return { group, groups: 1 };
  const g = new Graph({ type: 'undirected', multi: false });
  for (let i = 0; i < n; i++) g.addNode(String(i));
  for (let e = 0; e < sources.length; e++) {
    const a = String(sources[e]);
    const b = String(targets[e]);
    if (a !== b && !g.hasEdge(a, b)) g.addEdge(a, b, { weight: weights[e] });
  }
  const res = louvain.detailed(g, { rng: createRng(seed), getEdgeWeight: 'weight' });
  if (res.count < 2 || res.modularity < MIN_MODULARITY) return { group, groups: 1 };
  // Renumber largest first; tiny groups (and isolated members) join a shared "other" group.
  const sizes = new Map<number, number>();
  for (let i = 0; i < n; i++) { const c = res.communities[String(i)]; sizes.set(c, (sizes.get(c) ?? 0) + 1); }
  const big = [...sizes.entries()].filter(([, s]) => s >= Math.max(3, MIN_GROUP_SHARE * n)).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  if (big.length < 2) return { group, groups: 1 };
  const rank = new Map(big.map(([c], i) => [c, i]));
  let other = false;
  for (let i = 0; i < n; i++) {
    const r = rank.get(res.communities[String(i)]);
    if (r === undefined) other = true;
    group[i] = r ?? big.length;
  }
  return { group, groups: big.length + (other ? 1 : 0) };
}

/** Positions for the member graph. */
export function clusterLayout(input: LayoutInput): LayoutResult {
  const { n, sources, targets, weights, backbone } = input;
  const { group, groups } = subCommunities(input);
  const pos = new Float64Array(2 * n);
  const isolated = new Uint8Array(n).fill(1);
  for (let e = 0; e < sources.length; e++) {
    if (sources[e] !== targets[e]) { isolated[sources[e]] = 0; isolated[targets[e]] = 0; }
  }
  if (n === 0) return { pos, isolated, group, groups };

  // Seed: each group a phyllotaxis disc (evenly filled, no symmetry for forces to stick on),
  // the groups spread round a circle.
  const sizes = new Array<number>(groups).fill(0);
  for (let i = 0; i < n; i++) sizes[group[i]]++;
  const seen = new Array<number>(groups).fill(0);
  const golden = Math.PI * (3 - Math.sqrt(5));
  for (let i = 0; i < n; i++) {
    const c = group[i];
    const k = seen[c]++;
    const r = 0.6 * Math.sqrt((k + 0.5) / sizes[c]) * Math.sqrt(sizes[c] / n);
    const cx = groups > 1 ? 1.2 * Math.cos((2 * Math.PI * c) / groups) : 0;
    const cy = groups > 1 ? 1.2 * Math.sin((2 * Math.PI * c) / groups) : 0;
    pos[2 * i] = cx + r * Math.cos(k * golden);
    pos[2 * i + 1] = cy + r * Math.sin(k * golden);
  }

  if (n > 1) {
    const g = new Graph({ type: 'undirected', multi: false });
    for (let i = 0; i < n; i++) if (!isolated[i]) g.addNode(String(i), { x: pos[2 * i] * 100, y: pos[2 * i + 1] * 100 });
    for (let e = 0; e < sources.length; e++) {
      const a = String(sources[e]);
      const b = String(targets[e]);
      if (backbone[e] && a !== b && !g.hasEdge(a, b)) g.addEdge(a, b, { weight: weights[e] });
    }
    const settings = { ...forceAtlas2.inferSettings(g), barnesHutOptimize: n > 250, gravity: 1, linLogMode: true };
    const iterations = n > 250 ? 150 : 300;
    const out = forceAtlas2(g, { iterations, settings, getEdgeWeight: 'weight' });
    for (let i = 0; i < n; i++) {
      const p = out[String(i)];
      if (!p) continue;
      pos[2 * i] = p.x;
      pos[2 * i + 1] = p.y;
    }
  }
  if (groups > 1) shrinkGroups(pos, group, groups, isolated, 0.8);
  const linked = Array.from({ length: n }, (_, i) => i).filter((i) => !isolated[i]);
  normalise(pos, linked.length > 0 ? linked : Array.from({ length: n }, (_, i) => i));
  placeApart(pos, Array.from({ length: n }, (_, i) => i).filter((i) => isolated[i] && linked.length > 0));
  return { pos, isolated, group, groups };
}

/** Centres the given nodes' positions and scales them into [-1, 1], keeping the aspect ratio. */
export function normalise(pos: Float64Array, nodes: readonly number[]): void {
  if (nodes.length === 0) return;
  let cx = 0;
  let cy = 0;
  for (const i of nodes) { cx += pos[2 * i]; cy += pos[2 * i + 1]; }
  cx /= nodes.length;
  cy /= nodes.length;
  let m = 0;
  for (const i of nodes) m = Math.max(m, Math.abs(pos[2 * i] - cx), Math.abs(pos[2 * i + 1] - cy));
  const s = m > 0 ? 1 / m : 1;
  for (const i of nodes) { pos[2 * i] = (pos[2 * i] - cx) * s; pos[2 * i + 1] = (pos[2 * i + 1] - cy) * s; }
}

/** Pulls each group towards its own centre by `factor`, so neighbouring cells get a visible gap. */
function shrinkGroups(pos: Float64Array, group: Int32Array, groups: number, skip: Uint8Array, factor: number): void {
  const cx = new Float64Array(groups);
  const cy = new Float64Array(groups);
  const k = new Float64Array(groups);
  for (let i = 0; i < group.length; i++) {
    if (skip[i]) continue;
    cx[group[i]] += pos[2 * i];
    cy[group[i]] += pos[2 * i + 1];
    k[group[i]]++;
  }
  for (let i = 0; i < group.length; i++) {
    if (skip[i]) continue;
    const g = group[i];
    pos[2 * i] = cx[g] / k[g] + factor * (pos[2 * i] - cx[g] / k[g]);
    pos[2 * i + 1] = cy[g] / k[g] + factor * (pos[2 * i + 1] - cy[g] / k[g]);
  }
}

/** Rows of evenly spaced nodes under the graph (which spans [-1, 1]); y grows upwards in sigma. */
function placeApart(pos: Float64Array, nodes: readonly number[]): void {
  const perRow = Math.max(8, Math.ceil(Math.sqrt(nodes.length * 4)));
  const step = 2 / perRow;
  nodes.forEach((i, k) => {
    pos[2 * i] = -1 + step * ((k % perRow) + 0.5);
    pos[2 * i + 1] = -1.2 - step * Math.floor(k / perRow);
  });
}
