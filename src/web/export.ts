// Case-file exports of one cluster.
import type { StoredCluster } from '../store/types.js';
import { clusterToCsv } from './csv.js';
import { download } from './dom.js';

/** A file-system-safe stem for a cluster id. */
export function fileStem(id: string): string {
  return `lockstep-cluster-${id.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 80)}`;
}

export function exportJson(c: StoredCluster): void {
  download(new Blob([JSON.stringify(c, null, 2)], { type: 'application/json' }), `${fileStem(c.id)}.json`);
}

export function exportCsv(c: StoredCluster): void {
  // A BOM makes Excel read the UTF-8 (CJK post texts) correctly.
  download(new Blob(['\ufeff', clusterToCsv(c)], { type: 'text/csv;charset=utf-8' }), `${fileStem(c.id)}.csv`);
}

export function exportPng(blob: Blob, c: StoredCluster): void {
  download(blob, `${fileStem(c.id)}-graph.png`);
}
