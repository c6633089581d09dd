import Graph from 'graphology';
import type { EdgeList } from './coaction.js';

/**
 * The account-interaction graph handed to community detection: only accounts with a surviving
 * edge, built in bulk from the pruned list — nodes first, then edges with explicit keys (graphology's
 * key generator and mergeNode checks are the costly part of building, so they are avoided).
 */
export function buildGraph(edges: EdgeList, accountNames: string[]): Graph {
  const g = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  const added = new Uint8Array(accountNames.length);
  for (let e = 0; e < edges.size; e++) {
    for (const v of [edges.a[e], edges.b[e]]) {
      if (added[v]) continue;
      added[v] = 1;
      g.addNode(accountNames[v]);
    }
  }
  for (let e = 0; e < edges.size; e++) {
    g.addUndirectedEdgeWithKey(e, accountNames[edges.a[e]], accountNames[edges.b[e]], { weight: edges.weight[e], groups: edges.groups[e] });
  }
  return g;
}
