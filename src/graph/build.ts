import Graph from 'graphology';
import type { EdgeList } from './coaction.js';

/**
 * The account-interaction graph handed to community detection: only accounts with a surviving
 * edge, edges added in bulk from the pruned list (graphology is the costly step, so it only ever
 * sees the small, meaningful graph).
 */
export function buildGraph(edges: EdgeList, accountNames: string[]): Graph {
  const g = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  for (let e = 0; e < edges.size; e++) {
    const a = accountNames[edges.a[e]];
    const b = accountNames[edges.b[e]];
    g.mergeNode(a);
    g.mergeNode(b);
    g.addUndirectedEdge(a, b, { weight: edges.weight[e], groups: edges.groups[e] });
  }
  return g;
}
