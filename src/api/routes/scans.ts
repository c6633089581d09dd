import { Router, type Request } from 'express';
import { principalOf, requireRole } from '../auth.js';
import { jsonBody } from '../body.js';
import type { ApiDeps } from '../deps.js';
import { IdempotencyCache, type Replayable } from '../idempotency.js';
import { HttpProblem } from '../problem.js';
import { IdParam, ScanRequest } from '../schemas.js';
import { parseTime } from '../time.js';
import { parseInput } from '../validate.js';
import type { ScanView } from '../scan-queue.js';
import type { Report } from '../../report/types.js';
import type { Store } from '../../store/types.js';

/** Stores that keep finished scans' reports (the embedded one) can answer for scans from before a restart. */
type ScanArchive = Store & { getScan(id: string): Promise<Report | undefined> };
const hasArchive = (s: Store): s is ScanArchive => typeof (s as Partial<ScanArchive>).getScan === 'function';

/** POST /v1/scans, GET /v1/scans/{id}, DELETE /v1/scans/{id}. */
export function scanRoutes(deps: ApiDeps): Router {
  const r = Router();

  r.post('/v1/scans', requireRole('write'), ...jsonBody(), async (req, res) => {
    const submit = async (): Promise<Replayable> => {
      const { from, to, ...params } = parseInput(ScanRequest, req.body ?? {}, 'body');
      const range = { from: from === undefined ? undefined : parseTime(from), to: to === undefined ? undefined : parseTime(to) };
      if (range.from !== undefined && range.to !== undefined && range.from > range.to) {
        throw new HttpProblem(400, 'validation', 'invalid request body', [{ field: 'to', message: 'must not be before from' }]);
      }
      const scan = deps.scans.submit(range, params);
      return { status: 202, body: { id: scan.id, status: scan.status }, headers: { Location: `/v1/scans/${scan.id}` } };
    };
    const key = req.get('idempotency-key');
    const out = key === undefined
      ? { ...(await submit()), replayed: false }
      : await deps.idempotency.run(`${principalOf(res).name} POST /v1/scans`, key, IdempotencyCache.fingerprint(JSON.stringify(req.body ?? {})), submit);
    if (out.replayed) res.set('Idempotent-Replayed', 'true');
    res.status(out.status).set(out.headers ?? {}).json(out.body);
  });

  r.get('/v1/scans/:id', requireRole('read'), async (req, res) => {
    res.json(await findScan(deps, scanId(req)));
  });

  r.delete('/v1/scans/:id', requireRole('write'), async (req, res) => {
    const id = scanId(req);
    const found = deps.scans.get(id) ?? (await findScan(deps, id));
    if (found.status === 'done' || found.status === 'failed') {
      throw new HttpProblem(409, 'scan-finished', `scan ${id} already finished (${found.status}); nothing to cancel`);
    }
    const { report: _r, ...view } = deps.scans.cancel(id) ?? found;
    res.json(view);
  });

  return r;
}

function scanId(req: Request): string {
  return parseInput(IdParam, req.params, 'path').id;
}

async function findScan(deps: ApiDeps, id: string): Promise<ScanView> {
  const live = deps.scans.get(id);
  if (live) return live;
  if (hasArchive(deps.store)) {
    const report = await deps.store.getScan(id);
    if (report) return { id, status: 'done', params: report.params as unknown as ScanView['params'], finishedAt: report.generatedAt, createdAt: report.generatedAt, report };
  }
  throw new HttpProblem(404, 'not-found', `no scan ${id}`);
}
