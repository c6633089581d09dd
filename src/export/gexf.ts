import { write } from 'graphology-gexf';
import type { ExportCluster } from './cluster-graph.js';
import { clusterGraph } from './cluster-graph.js';

/** GEXF 1.3 (Gephi) of the flagged clusters, written by graphology-gexf. */
export function clustersGexf(clusters: readonly ExportCluster[]): string {
  return write(clusterGraph(clusters), { version: '1.3' });
}
