import { Ajv2020 } from 'ajv/dist/2020.js';
import eventSchema from '../contract/event.schema.json' with { type: 'json' };
import { parseDateTime } from './datetime.js';
import { TimePolicy, type TsUnit } from './time-policy.js';
import type { ActivityEvent } from './types.js';

export type Validation = { ok: true; event: ActivityEvent } | { ok: false; reason: string };

// The contract's one format (ts: date-time) is checked by parseDateTime below, which also converts
// it; ajv checks everything else.
const ajv = new Ajv2020({ allErrors: false, strict: false, validateFormats: false });
const check = ajv.compile(eventSchema);

const TS_RULE = 'must be an ISO-8601 date-time with a zone (e.g. 2024-05-01T12:00:00Z) or a number of epoch milliseconds';

const optionalString = (v: unknown) => v === undefined || typeof v === 'string';

/**
 * Validates one parsed record against the event contract and normalises `ts` to epoch ms.
 *
 * Most records are valid, so a hand-written check of the contract's shape comes first; a record it
 * does not accept outright goes through ajv (the source of truth, and the wording of the reason).
 * The hand check accepts only what ajv accepts (test/ingest/validate.test.ts compares the two).
 */
export function validateEvent(raw: unknown, time?: TimePolicy): Validation {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const r = raw as Record<string, unknown>;
    const { account, action, ts, target } = r;
    if (
      typeof account === 'string' &&
      account.length > 0 &&
      typeof action === 'string' &&
      action.length > 0 &&
      optionalString(r.id) &&
      optionalString(target) &&
      optionalString(r.text) &&
      optionalString(r.platform) &&
      (typeof ts === 'string' || typeof ts === 'number')
    ) {
      return contractChecked(r, time);
    }
  }
  return validateWithAjv(raw, time);
}

/** validateEvent with ajv alone (no hand-written fast check); exported for the tests that compare the two. */
export function validateWithAjv(raw: unknown, time?: TimePolicy): Validation {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, reason: 'not a JSON object' };
  if (!check(raw)) {
    return { ok: false, reason: describeError(raw as Record<string, unknown>) };
  }
  return contractChecked(raw as Record<string, unknown>, time);
}

/**
 * The rest of validation, for a record that has the contract's shape: the time, and a target where
 * one is needed. Without a time policy numeric times are epoch ms and any time goes (the contract).
 */
function contractChecked(r: Record<string, unknown>, time?: TimePolicy): Validation {
  let ts: number;
  let unit: TsUnit | undefined;
  if (typeof r.ts === 'number') {
    unit = time ? time.unitOf(r.ts) : 'ms';
    ts = TimePolicy.toMs(r.ts, unit);
  } else ts = parseDateTime(r.ts as string);
  if (!Number.isFinite(ts)) return { ok: false, reason: `field "ts" ${TS_RULE}, got ${JSON.stringify(r.ts)}` };
  if (time && !time.inRange(ts)) return { ok: false, reason: time.outOfRange(r.ts, ts, typeof r.ts === 'number' ? unit : undefined) };
  if (r.action !== 'post' && (r.target === undefined || r.target === '')) return { ok: false, reason: `missing field "target" (required for action "${r.action}")` };
  const ev: ActivityEvent = { account: r.account as string, action: r.action as string, ts };
  if (r.id !== undefined) ev.id = r.id as string;
  if (r.target !== undefined && r.target !== '') ev.target = r.target as string;
  if (r.text !== undefined) ev.text = r.text as string;
  if (r.platform !== undefined) ev.platform = r.platform as string;
  if (time && typeof r.ts === 'number') time.numeric[unit!]++;
  return { ok: true, event: ev };
}

/** A one-line, human reason from ajv's first error (ajv's own wording for oneOf/format is opaque). */
function describeError(raw: Record<string, unknown>): string {
  const e = check.errors?.[0];
  if (!e) return 'invalid';
  if (e.keyword === 'required') return `missing field "${(e.params as { missingProperty: string }).missingProperty}"`;
  const where = e.instancePath ? e.instancePath.slice(1) : '';
  if (where === 'ts') return `field "ts" ${TS_RULE}, got ${JSON.stringify(raw.ts)}`;
  if (e.keyword === 'type') return `field "${where}" must be a ${(e.params as { type: string }).type}, got ${typeName(raw[where])}`;
  return `${where ? `field "${where}" ` : ''}${e.message ?? 'invalid'}`;
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}
