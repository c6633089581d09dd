import express, { Router } from 'express';
import { validateEvent } from '../../ingest/validate.js';
import type { ActivityEvent } from '../../ingest/types.js';
import { withEventId } from '../../store/event-id.js';
import { principalOf, requireRole } from '../auth.js';
import { checkCharset, hasBody } from '../body.js';
import type { ApiDeps } from '../deps.js';
import { IdempotencyCache, type Replayable } from '../idempotency.js';
import { parseIngestBody, type BodyFormat, type LineReject } from '../ingest-body.js';
import { HttpProblem } from '../problem.js';

/** POST /v1/events: NDJSON or a JSON array; good records are stored even when others are rejected. */
export function eventRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.post(
    '/v1/events',
    requireRole('write'),
    (req, _res, next) => {
      if (!hasBody(req)) return next(new HttpProblem(400, 'unreadable-body', 'body is empty'));
      if (!formatOf(req.is(['application/x-ndjson', 'application/ndjson', 'application/json']))) {
        return next(new HttpProblem(415, 'unsupported-media-type', 'send application/x-ndjson or application/json'));
      }
      checkCharset(req);
      next();
    },
    express.raw({ type: () => true, limit: deps.config.bodyLimitBytes }),
    async (req, res) => {
      const format = formatOf(req.is(['application/x-ndjson', 'application/ndjson', 'application/json']))!;
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const ingest = () => ingestBody(deps, body, format);
      const key = req.get('idempotency-key');
      const out = key === undefined
        ? { ...(await ingest()), replayed: false }
        : await deps.idempotency.run(`${principalOf(res).name} POST /v1/events`, key, IdempotencyCache.fingerprint(body) + format, ingest);
      if (out.replayed) res.set('Idempotent-Replayed', 'true');
      res.status(out.status).json(out.body);
    },
  );
  return r;
}

function formatOf(match: string | false | null): BodyFormat | undefined {
  if (!match) return undefined;
  return match === 'application/json' ? 'json' : 'ndjson';
}

async function ingestBody(deps: ApiDeps, body: Buffer, format: BodyFormat): Promise<Replayable> {
  const parsed = parseIngestBody(body, format, deps.config.maxLineBytes);
  if (!parsed.ok) throw new HttpProblem(400, 'unreadable-body', parsed.reason);
  const rejects: LineReject[] = parsed.rejects;
  const events: ActivityEvent[] = [];
  for (const rec of parsed.records) {
    const v = validateEvent(rec.value);
    if (v.ok) events.push(withEventId(v.event));
    else rejects.push({ line: rec.line, reason: v.reason });
  }
  rejects.sort((a, b) => a.line - b.line);
  const { accepted, duplicates } = events.length ? await deps.store.appendEvents(events) : { accepted: 0, duplicates: 0 };
  deps.metrics.ingest(accepted, duplicates, rejects.length);
  return {
    status: 200,
    body: { received: accepted + duplicates + rejects.length, accepted, duplicates, rejected: rejects.length, rejects },
  };
}
