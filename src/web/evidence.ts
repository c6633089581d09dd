// Pure look-ups over a cluster's evidence, for hover panels and text samples.
import type { Evidence, ReportCluster } from '../report/types.js';

export type Edge = NonNullable<ReportCluster['edges']>[number];

/** Evidence items in which both accounts took part (what lies behind an edge). */
export function evidenceForPair(evidence: readonly Evidence[], a: string, b: string): Evidence[] {
  return evidence.filter((ev) => {
    let hasA = false;
    let hasB = false;
    for (const m of ev.members) {
      if (m.account === a) hasA = true;
      if (m.account === b) hasB = true;
    }
    return hasA && hasB;
  });
}

export interface TextSample {
  text: string;
  accounts: number;
  signal: string;
  similarity?: number;
}

/** Distinct member texts, most repeated first: the copy-pasta of a text-driven cluster. */
export function textSamples(evidence: readonly Evidence[], max = 20): TextSample[] {
  const byText = new Map<string, { accounts: Set<string>; signal: string; similarity?: number }>();
  for (const ev of evidence) {
    for (const m of ev.members) {
      if (!m.text) continue;
      let s = byText.get(m.text);
      if (!s) byText.set(m.text, (s = { accounts: new Set(), signal: ev.signal, similarity: ev.similarity }));
      s.accounts.add(m.account);
    }
  }
  return [...byText.entries()]
    .map(([text, s]) => ({ text, accounts: s.accounts.size, signal: s.signal, similarity: s.similarity }))
    .sort((x, y) => y.accounts - x.accounts || (x.text < y.text ? -1 : 1))
    .slice(0, max);
}

/** Whether text similarity drives the cluster (so text samples deserve prominence). */
export function isTextDriven(cluster: Pick<ReportCluster, 'signals'>): boolean {
  return Object.entries(cluster.signals ?? {}).some(([name, s]) => name.startsWith('text') && s.weight >= 0.3);
}

/**
 * Edges for the graph. Uses the detector's edges; when it sent none, links members that share
 * evidence, chaining them in time order so the fallback stays linear in the evidence size.
 */
export function graphEdges(cluster: Pick<ReportCluster, 'edges' | 'evidence'>): { edges: Edge[]; derived: boolean } {
  if (cluster.edges && cluster.edges.length > 0) return { edges: cluster.edges, derived: false };
  const acc = new Map<string, Edge>();
  for (const ev of cluster.evidence ?? []) {
    const ms = [...ev.members].sort((x, y) => (x.ts < y.ts ? -1 : 1));
    for (let i = 1; i < ms.length; i++) {
      const [s, t] = [ms[i - 1].account, ms[i].account].sort();
      if (s === t) continue;
      const key = `${s}\u0000${t}`;
      const e = acc.get(key) ?? { source: s, target: t, weight: 0, signals: {} };
      e.weight += 1;
      e.signals[ev.signal] = (e.signals[ev.signal] ?? 0) + 1;
      acc.set(key, e);
    }
  }
  return { edges: [...acc.values()], derived: true };
}

/**
 * At most about `max` edges for drawing: each member keeps its strongest links, so the structure
 * survives while a near-clique of 500 (≈125k edges) stays cheap to render.
 */
export function pruneEdges(edges: readonly Edge[], max: number): Edge[] {
  if (edges.length <= max) return [...edges];
  const nodes = new Set<string>();
  for (const e of edges) { nodes.add(e.source); nodes.add(e.target); }
  const k = Math.max(2, Math.floor((2 * max) / Math.max(1, nodes.size)));
  const byNode = new Map<string, number[]>();
  edges.forEach((e, i) => {
    for (const n of [e.source, e.target]) {
      const list = byNode.get(n);
      if (list) list.push(i);
      else byNode.set(n, [i]);
    }
  });
  const keep = new Set<number>();
  for (const list of byNode.values()) {
    list.sort((a, b) => edges[b].weight - edges[a].weight || a - b);
    for (const i of list.slice(0, k)) keep.add(i);
  }
  return [...keep].sort((a, b) => a - b).map((i) => edges[i]);
}
