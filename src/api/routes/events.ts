import express, { Router, type RequestHandler } from 'express';
import { validateEvent } from '../../ingest/validate.js';
import { TimePolicy } from '../../ingest/time-policy.js';
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
    rawBody(deps.config.bodyLimitBytes),
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

/** The raw body (gzip or deflate inflated); over the limit, a 413 that says what the limit is and how to live with it. */
function rawBody(limit: number): RequestHandler {
  const raw = express.raw({ type: () => true, limit });
  return (req, res, next) =>
    raw(req, res, (err?: unknown) => {
      const e = err as { type?: string; length?: number } | undefined;
      next(e?.type === 'entity.too.large' ? new HttpProblem(413, 'payload-too-large', tooLargeDetail(limit, e.length)) : err);
    });
}

export function tooLargeDetail(limit: number, length?: number): string {
  const size = length !== undefined && Number.isFinite(length) ? ` (${length} bytes)` : '';
  return (
    `the request body${size} is larger than the limit of ${limit} bytes (${mib(limit)}). ` +
    'Raise it with LOCKSTEP_BODY_LIMIT (bytes) on the server, or send the events in batches: lockstep push <file> --api <url> does that, with retries. ' +
    'The limit applies to the decompressed body, so Content-Encoding: gzip does not lift it.'
  );
}

const mib = (b: number) => (b >= 1024 * 1024 ? `${Math.round((b / 1024 / 1024) * 10) / 10} MiB` : `${Math.round((b / 1024) * 10) / 10} KiB`);

async function ingestBody(deps: ApiDeps, body: Buffer, format: BodyFormat): Promise<Replayable> {
  const parsed = parseIngestBody(body, format, deps.config.maxLineBytes);
  if (!parsed.ok) throw new HttpProblem(400, 'unreadable-body', parsed.reason);
  const rejects: LineReject[] = parsed.rejects;
  const events: ActivityEvent[] = [];
  // The contract: numeric times are epoch ms (no unit guessing for programs). Implausible times are
  // per-record rejects, like every other invalid record.
  const time = new TimePolicy({ unit: 'ms', allowAnyTime: deps.config.allowAnyTime, allowHint: 'LOCKSTEP_ALLOW_ANY_TIME=1 on the server' });
  for (const rec of parsed.records) {
    const v = validateEvent(rec.value, time);
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
