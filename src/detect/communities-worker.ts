import { parentPort, workerData } from 'node:worker_threads';
import type { EdgeList } from '../graph/coaction.js';
import { louvainCommunities, type CommunityOptions } from './communities.js';

/** Worker entry: the graph and its Louvain communities (see communities-aside.ts). */
const d = workerData as { edges: EdgeList; accountNames: string[]; opts: CommunityOptions };
parentPort!.postMessage(louvainCommunities(d.edges, d.accountNames, d.opts));
