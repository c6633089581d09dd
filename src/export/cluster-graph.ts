import Graph from 'graphology';
import type { ReportCluster } from '../report/types.js';

/** A cluster as exports see it: a report cluster plus what history and review add, when known. */
export interface ExportCluster extends ReportCluster {
  review?: { state: string };
}

export interface MemberAttributes {
  label: string;
  cluster: string;
  /** Absent when the clusters come without a scan history. */
  operation?: string;
  score: number;
  review: string;
  [k: string]: string | number | undefined;
}

export interface LinkAttributes {
  weight: number;
  /** One `signal_<name>` attribute per signal seen on any edge (0 where the edge lacks it). */
  [k: string]: number;
}

/** Attribute name of a signal's edge weight (`coaction:share` → `signal_coaction_share`): safe as an XML key id. */
export const signalAttribute = (signal: string) => `signal_${signal.replace(/[^A-Za-z0-9_]/g, '_')}`;

export const UNREVIEWED = 'unreviewed';

/**
 * The flagged clusters as one undirected graph: members are nodes (cluster, operation, score, review
 * state), coordination edges carry their total weight and each signal's share of it. Every node and
 * edge has every attribute, so Gephi sees one column per attribute with no holes.
 */
export function clusterGraph(clusters: readonly ExportCluster[]): Graph<MemberAttributes, LinkAttributes> {
  const g = new Graph<MemberAttributes, LinkAttributes>({ type: 'undirected', multi: false });
  const signals = new Set<string>();
  for (const c of clusters) for (const e of c.edges ?? []) for (const s of Object.keys(e.signals)) signals.add(s);
  for (const c of clusters) {
    for (const m of c.members) {
      // Clusters of one report are disjoint; across reports the first (highest-scored) listing wins.
      if (g.hasNode(m)) continue;
      g.addNode(m, { label: m, cluster: c.id, ...(c.operationId ? { operation: c.operationId } : {}), score: c.score, review: c.review?.state ?? UNREVIEWED });
    }
  }
  for (const c of clusters) {
    for (const e of c.edges ?? []) {
      if (!g.hasNode(e.source) || !g.hasNode(e.target) || g.hasEdge(e.source, e.target)) continue;
      const attrs: LinkAttributes = { weight: e.weight };
      for (const s of signals) attrs[signalAttribute(s)] = e.signals[s] ?? 0;
      g.addUndirectedEdge(e.source, e.target, attrs);
    }
  }
  return g;
}
