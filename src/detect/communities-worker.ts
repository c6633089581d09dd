import { parentPort, workerData } from 'node:worker_threads';
import { buildGraph } from '../graph/build.js';
import type { EdgeList } from '../graph/coaction.js';
import { detectCommunities, type CommunityOptions } from './communities.js';

/** Worker entry: the graph and its Louvain communities (see communities-aside.ts). */
const d = workerData as { edges: EdgeList; accountNames: string[]; opts: CommunityOptions };
parentPort!.postMessage(detectCommunities(buildGraph(d.edges, d.accountNames), d.opts));
