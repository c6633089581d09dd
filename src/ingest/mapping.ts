import { MappingError } from './errors.js';
import type { ColumnMapping } from './types.js';

/** The contract fields a mapping can fill. */
export const CONTRACT_FIELDS = ['id', 'account', 'action', 'target', 'ts', 'text', 'platform'] as const;
export type ContractField = (typeof CONTRACT_FIELDS)[number];

/** Named mappings for well-known layouts. `coortweet`: CooRTweet's input table (Unix seconds). */
export const MAPPING_PRESETS: Readonly<Record<string, string>> = {
  coortweet: 'account=account_id,target=object_id,id=content_id,ts=timestamp_share,action==share,ts-unit=s',
};

const isField = (s: string): s is ContractField => (CONTRACT_FIELDS as readonly string[]).includes(s);

/**
 * Parses a column-mapping spec (the CLI's `--map`). Comma-separated items, applied left to right
 * (a later item for the same field wins):
 *
 * - `field=column`: read contract `field` from source column `column`
 * - `field==value`: use the fixed `value` for every record (e.g. `action==share`); `ts` cannot be fixed
 * - `ts-unit=s` or `ts-unit=ms`: numeric times are Unix seconds or epoch milliseconds (default ms)
 * - a preset name, expanded in place: `coortweet` (= `account=account_id,target=object_id,
 *   id=content_id,ts=timestamp_share,action==share,ts-unit=s`)
 *
 * Fields: id, account, action, target, ts, text, platform. Contract fields the spec does not
 * mention are still read from a column of the same name. Column names cannot contain `,` or `=`.
 * Example: `--map account=user,target=url,ts=time,action==share,ts-unit=s`, or `--map coortweet`.
 */
export function parseMapping(spec: string): ColumnMapping {
  const m: ColumnMapping = { fields: {} };
  const apply = (items: string[]) => {
    for (const raw of items) {
      const item = raw.trim();
      if (item === '') continue;
      const preset = MAPPING_PRESETS[item.toLowerCase()];
      if (preset !== undefined) {
        apply(preset.split(','));
        continue;
      }
      const eq = item.indexOf('=');
      if (eq <= 0) throw new MappingError(spec, `"${item}" is neither field=column, field==value, ts-unit=s|ms nor a preset (${Object.keys(MAPPING_PRESETS).join(', ')})`);
      const key = item.slice(0, eq).trim();
      const isConst = item[eq + 1] === '=';
      const value = item.slice(eq + (isConst ? 2 : 1)).trim();
      if (key === 'ts-unit' && !isConst) {
        if (value !== 's' && value !== 'ms') throw new MappingError(spec, `ts-unit must be "s" or "ms", got "${value}"`);
        m.tsUnit = value;
        continue;
      }
      if (!isField(key)) throw new MappingError(spec, `unknown field "${key}" (fields: ${CONTRACT_FIELDS.join(', ')}, ts-unit)`);
      if (value === '') throw new MappingError(spec, `"${item}" has no ${isConst ? 'value' : 'column'}`);
      if (isConst) {
        if (key === 'ts') throw new MappingError(spec, 'ts cannot be a fixed value');
        delete m.fields[key];
        if (key === 'action') m.constAction = value;
        else (m.constants ??= {})[key] = value;
      } else {
        m.fields[key] = value;
        if (key === 'action') delete m.constAction;
        else if (key !== 'ts' && m.constants) delete m.constants[key];
      }
    }
  };
  apply(spec.split(','));
  return m;
}

const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;

/**
 * Turns a source record into a contract-shaped record: renames mapped columns, applies fixed
 * values, reads numeric strings as numbers when the source is untyped (CSV) or mapped, and scales
 * numeric seconds to milliseconds. Without a mapping, typed records pass through untouched.
 */
export function toContractRecord(rec: unknown, mapping: ColumnMapping | undefined, untyped: boolean): unknown {
  if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) return rec;
  if (!mapping && !untyped) return rec;
  const src = rec as Record<string, unknown>;
  let out: Record<string, unknown>;
  if (mapping) {
    out = {};
    for (const f of CONTRACT_FIELDS) {
      const col = mapping.fields[f];
      const v = src[col ?? f];
      if (v !== undefined) out[f] = v;
    }
    if (mapping.constAction !== undefined) out.action = mapping.constAction;
    if (mapping.constants) Object.assign(out, mapping.constants);
  } else {
    out = { ...src };
  }
  if (typeof out.ts === 'string' && NUMERIC.test(out.ts)) out.ts = Number(out.ts);
  if (mapping?.tsUnit === 's' && typeof out.ts === 'number') out.ts *= 1000;
  return out;
}
