import { distance } from 'fastest-levenshtein';
import { MappingError } from './errors.js';
import { TS_UNITS, type TsUnit } from './time-policy.js';
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
 * - `ts-unit=s|ms|us|ns` (`µs` also reads as `us`): the unit of numeric times (default: inferred
 *   from their size by the CLI; epoch ms, the contract, elsewhere)
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
      if (eq <= 0) throw new MappingError(spec, `"${item}" is neither field=column, field==value, ts-unit=s|ms|us|ns nor a preset (${Object.keys(MAPPING_PRESETS).join(', ')})`);
      const key = item.slice(0, eq).trim();
      const isConst = item[eq + 1] === '=';
      const value = item.slice(eq + (isConst ? 2 : 1)).trim();
      if (key === 'ts-unit' && !isConst) {
        const unit = value === 'µs' ? 'us' : value;
        if (!(TS_UNITS as readonly string[]).includes(unit)) throw new MappingError(spec, `ts-unit must be one of ${TS_UNITS.join(', ')}, got "${value}"`);
        m.tsUnit = unit as TsUnit;
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
 * values, and reads numeric strings as numbers when the source is untyped (CSV) or mapped. The unit
 * of numeric times is applied at validation (TimePolicy). Without a mapping, typed records pass
 * through untouched.
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
  return out;
}

/** A column a mapping (or the contract, without one) reads and the CSV header lacks. */
export interface MissingColumn {
  field: ContractField;
  column: string;
  /** Whether --map named it (else it is the contract's own name). */
  mapped: boolean;
  /** Header columns with a similar name, closest first. */
  closest: string[];
}

// The fields without which no record can be valid (target is needed by every action but post).
const REQUIRED: readonly ContractField[] = ['account', 'action', 'ts'];

/**
 * The columns a CSV header lacks for a mapping (pure): every column `--map` names, and the required
 * fields (account, action, ts) read under their own names. Empty when the header fits.
 */
export function missingColumns(header: string[], mapping?: ColumnMapping): MissingColumn[] {
  const have = new Set(header);
  const out: MissingColumn[] = [];
  for (const field of CONTRACT_FIELDS) {
    const mapped = mapping?.fields[field];
    const fixed = field === 'action' ? mapping?.constAction !== undefined : mapping?.constants?.[field as keyof NonNullable<ColumnMapping['constants']>] !== undefined;
    if (mapped === undefined && (fixed || !REQUIRED.includes(field))) continue;
    const column = mapped ?? field;
    if (!have.has(column)) out.push({ field, column, mapped: mapped !== undefined, closest: closestNames(column, header, ALIASES[field]) });
  }
  return out;
}

// Column names platform exports commonly use for each field (suggested when present).
const ALIASES: Record<ContractField, string[]> = {
  id: ['event_id', 'content_id', 'tweet_id', 'post_id'],
  account: ['account_id', 'user', 'user_id', 'userid', 'author', 'author_id', 'screen_name', 'username'],
  action: ['type', 'kind', 'event', 'event_type', 'action_type'],
  target: ['object_id', 'target_id', 'item', 'item_id', 'url', 'parent_id', 'in_reply_to'],
  ts: ['timestamp', 'timestamp_share', 'time', 'created_at', 'date', 'datetime', 'tweet_time'],
  text: ['body', 'content', 'message', 'tweet_text'],
  platform: ['source', 'network', 'site'],
};

/**
 * Up to 3 header names that may be what was meant: a known alias of the field, a name within a
 * third of its length in edit distance, or one containing the other.
 */
function closestNames(name: string, names: string[], aliases: string[]): string[] {
  const a = name.toLowerCase();
  const alias = new Set(aliases);
  return names
    .map((n) => ({ n, l: n.toLowerCase() }))
    .map(({ n, l }) => ({ n, d: alias.has(l) ? 0 : distance(a, l), near: alias.has(l) || (a.length >= 3 && l.includes(a)) || (l.length >= 3 && a.includes(l)) }))
    .filter(({ d, near }) => near || d <= Math.floor(a.length / 3))
    .sort((x, y) => x.d - y.d)
    .slice(0, 3)
    .map(({ n }) => n);
}

/** The message for missing columns: each one, its close matches, and the header. */
export function describeMissingColumns(missing: MissingColumn[], header: string[], source: string): string {
  const items = missing.map((m) => {
    const what = m.mapped ? `--map ${m.field}=${m.column}: no column "${m.column}"` : `no column "${m.column}" for the required field ${m.field}`;
    const hint = m.closest.length ? `; did you mean ${m.closest.map((c) => `${m.field}=${c}`).join(' or ')}?` : m.mapped ? '' : `; name its column with --map ${m.field}=<column>`;
    return `  ${what}${hint}`;
  });
  const cols = header.length > 20 ? [...header.slice(0, 20), `… ${header.length - 20} more`] : header;
  return `${source}: the CSV header does not have the columns to read:\n${items.join('\n')}\n  Columns: ${cols.join(', ')}`;
}
