import { Router, type Request } from 'express';
import type { ActivityEvent } from '../../ingest/types.js';
import type { ClusterQuery, Review, Store } from '../../store/types.js';
import { principalOf, requireRole } from '../auth.js';
import { jsonBody } from '../body.js';
import type { ApiDeps } from '../deps.js';
import { toSummary } from '../cluster-summary.js';
import { HttpProblem } from '../problem.js';
import { AccountEventsQuery, ClusterExportQuery, ClustersQuery, IdParam, ReviewRequest } from '../schemas.js';
import { CLUSTER_FORMAT_TYPES, exportClusters } from '../../export/index.js';
import { parseTime } from '../time.js';
import { parseInput } from '../validate.js';

interface AccountEventsRange {
  limit: number;
  from?: number;
  to?: number;
}
/** Stores with an account index (the embedded one); others fall back to a scan of readEvents. */
type AccountIndexed = Store & { accountEvents(account: string, q: AccountEventsRange): Promise<ActivityEvent[]> };
const hasAccountIndex = (s: Store): s is AccountIndexed => typeof (s as Partial<AccountIndexed>).accountEvents === 'function';

const DEFAULT_TIMELINE = 500;

// A cluster with its edges can be hundreds of KB of JSON. Stores that hand back the same object until
// it changes (the embedded one replaces it on review or rescan) get it serialised once; others miss
// harmlessly. Keyed weakly, so replaced clusters are collected.
const jsonCache = new WeakMap<object, Buffer>();
function serialized(c: object): Buffer {
  let b = jsonCache.get(c);
  if (!b) jsonCache.set(c, (b = Buffer.from(JSON.stringify(c))));
  return b;
}

/** Cluster listing, detail and review; per-account clusters and event timeline. */
export function clusterRoutes(deps: ApiDeps): Router {
  const r = Router();
  const { store } = deps;

  r.get('/v1/clusters', requireRole('read'), async (req, res) => {
    const q = parseInput(ClustersQuery, req.query, 'query');
    const query: ClusterQuery = { ...q, from: q.from === undefined ? undefined : parseTime(q.from), to: q.to === undefined ? undefined : parseTime(q.to) };
    try {
      const page = await store.listClusters(query);
      res.json({ ...page, items: page.items.map(toSummary) });
    } catch (err) {
      if ((err as { code?: unknown }).code === 'INVALID_CURSOR') {
        throw new HttpProblem(400, 'validation', 'invalid request query', [{ field: 'cursor', message: 'not a cursor this server issued' }]);
      }
      throw err;
    }
  });

  r.get('/v1/clusters/:id', requireRole('read'), async (req, res) => {
    const id = pathId(req);
    const c = await store.getCluster(id);
    if (!c) throw new HttpProblem(404, 'not-found', `no cluster ${id}`);
    res.type('application/json').send(serialized(c));
  });

  r.get('/v1/clusters/:id/export', requireRole('read'), async (req, res) => {
    const id = pathId(req);
    const { format } = parseInput(ClusterExportQuery, req.query, 'query');
    const c = await store.getCluster(id);
    if (!c) throw new HttpProblem(404, 'not-found', `no cluster ${id}`);
    const { contentType, extension } = CLUSTER_FORMAT_TYPES[format];
    res.attachment(`${id.replace(/[^A-Za-z0-9_-]/g, '_')}.${extension}`).type(contentType).send(exportClusters(format, [c]));
  });

  r.put('/v1/clusters/:id/review', requireRole('write'), ...jsonBody(), async (req, res) => {
    const id = pathId(req);
    if (req.body === undefined) throw new HttpProblem(400, 'validation', 'invalid request body', [{ field: '(body)', message: 'a JSON body is required' }]);
    const body = parseInput(ReviewRequest, req.body, 'body');
    const review: Review = { state: body.state, by: principalOf(res).name, at: new Date().toISOString() };
    if (body.note !== undefined) review.note = body.note;
    const c = await store.setReview(id, review);
    if (!c) throw new HttpProblem(404, 'not-found', `no cluster ${id}`);
    res.json(c);
  });

  r.get('/v1/accounts/:id/clusters', requireRole('read'), async (req, res) => {
    const account = pathId(req);
    res.json({ account, items: await store.accountClusters(account) });
  });

  r.get('/v1/accounts/:id/events', requireRole('read'), async (req, res) => {
    const account = pathId(req);
    const q = parseInput(AccountEventsQuery, req.query, 'query');
    const range: AccountEventsRange = { limit: q.limit ?? DEFAULT_TIMELINE, from: q.from === undefined ? undefined : parseTime(q.from), to: q.to === undefined ? undefined : parseTime(q.to) };
    const events = hasAccountIndex(store) ? await store.accountEvents(account, range) : await scanAccountEvents(store, account, range);
    // ISO times, as every other route gives them.
    res.json({ account, items: events.map((e) => ({ ...e, ts: new Date(e.ts).toISOString() })) });
  });

  return r;
}

function pathId(req: Request): string {
  return parseInput(IdParam, req.params, 'path').id;
}

async function scanAccountEvents(store: Store, account: string, q: AccountEventsRange): Promise<ActivityEvent[]> {
  const picked: ActivityEvent[] = [];
  for await (const batch of store.readEvents({ from: q.from, to: q.to })) for (const e of batch) if (e.account === account) picked.push(e);
  picked.sort((a, b) => a.ts - b.ts);
  return picked.slice(Math.max(0, picked.length - q.limit));
}
