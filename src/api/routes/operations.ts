import { Router } from 'express';
import { operations, type OperationHistory } from '../../history/operations.js';
import { requireRole } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { HttpProblem } from '../problem.js';
import { IdParam, OperationsQuery } from '../schemas.js';
import { parseTime } from '../time.js';
import { parseInput } from '../validate.js';

/** GET /v1/operations and GET /v1/operations/{id}: operations tracked across scans (the scan history). */
export function operationRoutes(deps: ApiDeps): Router {
  const r = Router();

  const all = async (): Promise<(OperationHistory & { reviewed: boolean })[]> => {
    const ops = deps.history ? operations(await (await deps.history()).scans()) : [];
    const out = [];
    for (const op of ops) {
      let reviewed = false;
      for (const s of op.steps) for (const c of s.clusters) if (!reviewed && (await deps.store.getCluster(c.id))?.review) reviewed = true;
      out.push({ ...op, reviewed });
    }
    return out;
  };

  r.get('/v1/operations', requireRole('read'), async (req, res) => {
    const q = parseInput(OperationsQuery, req.query, 'query');
    const since = q.since === undefined ? undefined : parseTime(q.since)!;
    const items = (await all())
      .filter((o) => since === undefined || Date.parse(o.firstSeenAt) >= since)
      .filter((o) => q.status === undefined || o.status === q.status)
      .filter((o) => q.reviewed === undefined || o.reviewed === (q.reviewed === 'true'))
      .sort((a, b) => (a.lastSeenAt < b.lastSeenAt ? 1 : a.lastSeenAt > b.lastSeenAt ? -1 : b.score - a.score))
      .map(({ steps: _s, allMembers: _m, ...summary }) => summary);
    res.json({ items });
  });

  r.get('/v1/operations/:id', requireRole('read'), async (req, res) => {
    const { id } = parseInput(IdParam, req.params, 'path');
    const op = (await all()).find((o) => o.id === id);
    if (!op) throw new HttpProblem(404, 'not-found', `no operation ${id}`);
    res.json(op);
  });

  return r;
}
