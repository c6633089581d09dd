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

/**
 * The same graph for Louvain alone: nodes keyed by account number, edges carrying their weight
 * only. V8 keeps number-like keys out of an object's shape, and graphology's adjacency is an object
 * per node keyed by its neighbours: keyed by names, every neighbour added made a new hidden class,
 * which was most of building the graph at 10 M events. Nodes and edges go in the order buildGraph
 * puts them, which is the order Louvain reads them, so its communities are the same.
 */
export function buildLouvainGraph(edges: EdgeList, accounts: number): Graph {
  const g = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  const added = new Uint8Array(accounts);
  for (let e = 0; e < edges.size; e++) {
    for (const v of [edges.a[e], edges.b[e]]) {
      if (added[v]) continue;
      added[v] = 1;
      g.addNode(String(v));
    }
  }
  for (let e = 0; e < edges.size; e++) g.addUndirectedEdgeWithKey(e, String(edges.a[e]), String(edges.b[e]), { weight: edges.weight[e] });
  return g;
}
