import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import eventSchema from '../contract/event.schema.json' with { type: 'json' };
import type { ActivityEvent } from './types.js';

export type Validation = { ok: true; event: ActivityEvent } | { ok: false; reason: string };

// ajv-formats ships CJS; under ESM interop its default export may be nested one level.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv2020) => void;
const ajv = new Ajv2020({ allErrors: false, strict: false });
addFormats(ajv);
const check = ajv.compile(eventSchema);

/** Validates one parsed record against the event contract and normalises `ts` to epoch ms. */
export function validateEvent(raw: unknown): Validation {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, reason: 'not a JSON object' };
  if (!check(raw)) {
    const e = check.errors?.[0];
    const where = e?.instancePath ? e.instancePath.slice(1) : '';
    const reason = e?.keyword === 'required' ? `missing field "${(e.params as { missingProperty: string }).missingProperty}"` : `${where ? `field "${where}" ` : ''}${e?.message ?? 'invalid'}`;
    return { ok: false, reason };
  }
  const r = raw as Record<string, unknown>;
  const ts = typeof r.ts === 'number' ? r.ts : Date.parse(r.ts as string);
  if (!Number.isFinite(ts)) return { ok: false, reason: 'field "ts" is not a valid time' };
  if (r.action !== 'post' && (r.target === undefined || r.target === '')) return { ok: false, reason: `missing field "target" (required for action "${r.action}")` };
  const ev: ActivityEvent = { account: r.account as string, action: r.action as string, ts };
  if (r.id !== undefined) ev.id = r.id as string;
  if (r.target !== undefined && r.target !== '') ev.target = r.target as string;
  if (r.text !== undefined) ev.text = r.text as string;
  if (r.platform !== undefined) ev.platform = r.platform as string;
  return { ok: true, event: ev };
}
