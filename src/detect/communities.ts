import type Graph from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import { createRng } from './rng.js';
import { buildLouvainGraph } from '../graph/build.js';
import type { EdgeList } from '../graph/coaction.js';

// The package's typings don't survive ESM interop; confine the cast to this module.
type Louvain = (g: Graph, o: { getEdgeWeight: string; resolution: number; rng: () => number }) => Record<string, number>;
const louvain = ((louvainModule as unknown as { default?: Louvain }).default ?? louvainModule) as unknown as Louvain;

export interface CommunityOptions {
  resolution: number;
  seed: number;
  minSize: number;
}

/**
 * Louvain communities (seeded, so a re-run gives the same partition), with any community that comes
 * out disconnected split into its connected parts: Louvain can group nodes with no path between them.
 * Returns node-key lists, largest first.
 */
export function detectCommunities(graph: Graph, opts: CommunityOptions): string[][] {
  return sortCommunities(louvainParts(graph, opts));
}

/**
 * detectCommunities on the pruned edges, in account names: Louvain runs on the graph keyed by account
 * number (buildLouvainGraph: same partition, built in a fraction of the time) and the communities are
 * named and ordered as detectCommunities orders names.
 */
export function louvainCommunities(edges: EdgeList, accountNames: string[], opts: CommunityOptions): string[][] {
  return sortCommunities(louvainParts(buildLouvainGraph(edges, accountNames.length), opts).map((c) => c.map((k) => accountNames[Number(k)])));
}

/** Louvain's communities as connected parts of at least minSize nodes, unordered. */
function louvainParts(graph: Graph, opts: CommunityOptions): string[][] {
  if (graph.order === 0) return [];
  const assignment = louvain(graph, { getEdgeWeight: 'weight', resolution: opts.resolution, rng: createRng(opts.seed) });
  const byCommunity = new Map<number, string[]>();
  for (const [node, c] of Object.entries(assignment)) {
    const list = byCommunity.get(c);
    if (list) list.push(node);
    else byCommunity.set(c, [node]);
  }
  const out: string[][] = [];
  for (const nodes of byCommunity.values()) {
    for (const part of connectedParts(graph, nodes, assignment)) if (part.length >= opts.minSize) out.push(part);
  }
  return out;
}

/** Each community's keys in string order; communities largest first, then by first key. */
function sortCommunities(out: string[][]): string[][] {
  for (const c of out) c.sort();
  return out.sort((a, b) => b.length - a.length || (a[0] < b[0] ? -1 : 1));
}

function connectedParts(graph: Graph, nodes: string[], assignment: Record<string, number>): string[][] {
  const c = assignment[nodes[0]];
  const seen = new Set<string>();
  const parts: string[][] = [];
  for (const start of nodes) {
    if (seen.has(start)) continue;
    const part: string[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length) {
      const v = stack.pop()!;
      part.push(v);
      graph.forEachNeighbor(v, (u) => {
        if (!seen.has(u) && assignment[u] === c) {
          seen.add(u);
          stack.push(u);
        }
      });
    }
    parts.push(part);
  }
  return parts;
}
