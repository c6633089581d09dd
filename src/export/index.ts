export { coortweetRows, coortweetCsv, COORTWEET_COLUMNS, type CoortweetRow } from './coortweet.js';
export { clusterGraph, signalAttribute, type ExportCluster } from './cluster-graph.js';
export { clustersGexf } from './gexf.js';
export { clustersGraphml, graphToGraphml } from './graphml.js';
export { membersCsv, MEMBER_CSV_COLUMNS } from './members-csv.js';

export const CLUSTER_FORMATS = ['gexf', 'graphml', 'csv'] as const;
export type ClusterFormat = (typeof CLUSTER_FORMATS)[number];
export const EXPORT_FORMATS = ['coortweet', ...CLUSTER_FORMATS] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

import { clustersGexf } from './gexf.js';
import { clustersGraphml } from './graphml.js';
import { membersCsv } from './members-csv.js';
import type { ExportCluster } from './cluster-graph.js';

/** Media type and file extension of each cluster format. */
export const CLUSTER_FORMAT_TYPES: Record<ClusterFormat, { contentType: string; extension: string }> = {
  gexf: { contentType: 'application/gexf+xml; charset=utf-8', extension: 'gexf' },
  graphml: { contentType: 'application/graphml+xml; charset=utf-8', extension: 'graphml' },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
};

/** The clusters in one of the cluster formats. */
export function exportClusters(format: ClusterFormat, clusters: readonly ExportCluster[]): string {
  return format === 'gexf' ? clustersGexf(clusters) : format === 'graphml' ? clustersGraphml(clusters) : membersCsv(clusters);
}
