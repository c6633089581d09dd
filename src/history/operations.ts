import type { LineageStatus } from './lineage.js';
import type { HistoryScan } from './types.js';

/** An operation across scans, as GET /v1/operations lists it. */
export interface OperationSummary {
  id: string;
  firstSeenAt: string;
  lastSeenAt: string;
  /** Lineage status of its cluster in the latest scan that saw it. */
  status: LineageStatus;
  scans: number;
  clusterIds: string[];
  members: number;
  score: number;
}

/** One scan's view of an operation: its clusters, and who joined and left since its previous sighting. */
export interface OperationStep {
  scan: string;
  at: string;
  clusters: { id: string; status: LineageStatus; score: number; members: number }[];
  size: number;
  joined: string[];
  left: string[];
}

export interface OperationHistory extends OperationSummary {
  steps: OperationStep[];
  allMembers: string[];
}

/** Every operation in the history, with its scan-by-scan steps (scans in recorded order). */
export function operations(scans: readonly HistoryScan[]): OperationHistory[] {
  const ops = new Map<string, OperationHistory>();
  const lastMembers = new Map<string, Set<string>>();
  for (const s of scans) {
    const here = new Map<string, HistoryScan['clusters']>();
    for (const c of s.clusters) (here.get(c.operationId) ?? here.set(c.operationId, []).get(c.operationId)!).push(c);
    for (const [id, cs] of here) {
      const members = new Set(cs.flatMap((c) => c.members));
      const before = lastMembers.get(id) ?? new Set<string>();
      const step: OperationStep = {
        scan: s.key, at: s.at,
        clusters: cs.map((c) => ({ id: c.id, status: c.status, score: c.score, members: c.members.length })),
        size: members.size,
        joined: [...members].filter((m) => !before.has(m)).sort(),
        left: [...before].filter((m) => !members.has(m)).sort(),
      };
      lastMembers.set(id, members);
      let op = ops.get(id);
      if (!op) ops.set(id, (op = { id, firstSeenAt: s.at, lastSeenAt: s.at, status: cs[0].status, scans: 0, clusterIds: [], members: 0, score: 0, steps: [], allMembers: [] }));
      op.lastSeenAt = s.at;
      op.status = cs[0].status;
      op.scans++;
      op.clusterIds = cs.map((c) => c.id);
      op.members = members.size;
      op.score = Math.max(...cs.map((c) => c.score));
      op.steps.push(step);
      op.allMembers = [...new Set([...op.allMembers, ...members])].sort();
    }
  }
  return [...ops.values()];
}
