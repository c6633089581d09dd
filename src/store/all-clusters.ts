import type { ClusterQuery, Store, StoredCluster } from './types.js';

/** Every cluster matching a query, paging through `listClusters` (cursor pages never skip or repeat). */
export async function allClusters(store: Store, query: Omit<ClusterQuery, 'cursor' | 'limit'> = {}): Promise<StoredCluster[]> {
  const out: StoredCluster[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listClusters({ ...query, limit: 500, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}
