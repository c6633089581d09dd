// How numeric times are read and which times are believable. Exports mix units (Unix seconds in
// most platform exports and CooRTweet, milliseconds in the contract, microseconds in some
// warehouses); read in the wrong unit they give a report dated 1970 that looks fine. So the unit
// is inferred from each value's size unless stated, and times outside a plausible range are
// rejects unless the caller allows any time.

/** Units of numeric times. */
export const TS_UNITS = ['s', 'ms', 'us', 'ns'] as const;
export type TsUnit = (typeof TS_UNITS)[number];

const MS_PER: Record<TsUnit, number> = { s: 1000, ms: 1, us: 1e-3, ns: 1e-6 };

export const UNIT_NAMES: Record<TsUnit, string> = {
  s: 'Unix seconds',
  ms: 'epoch milliseconds',
  us: 'epoch microseconds',
  ns: 'epoch nanoseconds',
};

/** The earliest plausible time: 2000-01-01T00:00:00Z. */
export const PLAUSIBLE_FROM = Date.UTC(2000, 0, 1);

/**
 * The unit a numeric time is in, from its size. Between 2000 and the year 5000 the units' ranges
 * are a factor of 1000 apart (seconds ≈ 1e9, ms ≈ 1e12, µs ≈ 1e15, ns ≈ 1e18), so every plausible
 * time is read right whatever its unit. Below 1e11 is seconds (1e11 ms is only March 1973).
 */
export function inferUnit(v: number): TsUnit {
  const a = Math.abs(v);
  return a < 1e11 ? 's' : a < 1e14 ? 'ms' : a < 1e17 ? 'us' : 'ns';
}

/** End of tomorrow (UTC) as seen at `now`: the latest plausible time. */
export function plausibleUntil(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 2) - 1;
}

export interface TimePolicyOptions {
  /** Unit of numeric times; undefined infers it per value (inferUnit). */
  unit?: TsUnit;
  /** Accept any time (no plausible range). */
  allowAnyTime?: boolean;
  /** What "now" is (for the range's end); default Date.now(). */
  now?: number;
  /** How to tell the user to lift the range, in reject reasons (default: the CLI flag). */
  allowHint?: string;
}

/**
 * Reads `ts` values to epoch ms and checks them against the plausible range. Keeps a count of the
 * numeric times accepted per unit, so callers can say which unit was used (and that it was inferred).
 */
export class TimePolicy {
  readonly unit: TsUnit | undefined;
  readonly min: number;
  readonly max: number;
  /** Numeric times of accepted records, per unit read. */
  readonly numeric: Record<TsUnit, number> = { s: 0, ms: 0, us: 0, ns: 0 };
  private readonly allowHint: string;

  constructor(opts: TimePolicyOptions = {}) {
    this.unit = opts.unit;
    this.min = opts.allowAnyTime ? -Infinity : PLAUSIBLE_FROM;
    this.max = opts.allowAnyTime ? Infinity : plausibleUntil(opts.now ?? Date.now());
    this.allowHint = opts.allowHint ?? '--allow-any-time';
  }

  /** The contract's reading: numeric times are epoch ms, any time goes (library default). */
  static contract(unit: TsUnit = 'ms'): TimePolicy {
    return new TimePolicy({ unit, allowAnyTime: true });
  }

  get checksRange(): boolean {
    return this.min !== -Infinity || this.max !== Infinity;
  }

  unitOf(v: number): TsUnit {
    return this.unit ?? inferUnit(v);
  }

  /** Epoch ms of a numeric time in `unit`. */
  static toMs(v: number, unit: TsUnit): number {
    return unit === 'ms' ? v : unit === 's' ? v * 1000 : v * MS_PER[unit];
  }

  inRange(ms: number): boolean {
    return ms >= this.min && ms <= this.max;
  }

  /** Why a time is refused. Starts with a fixed text so rejects group by it (see rejectKind). */
  outOfRange(raw: unknown, ms: number, unit: TsUnit | undefined): string {
    const from = new Date(this.min).toISOString().slice(0, 10);
    const to = new Date(this.max).toISOString().slice(0, 10);
    const read = unit === undefined ? '' : ` read as ${UNIT_NAMES[unit]}${this.unit === undefined ? ' (inferred from its size)' : ''}`;
    return `field "ts" is outside the plausible range ${from} to ${to} (${this.allowHint} accepts any time), got ${JSON.stringify(raw)}${read} = ${isoOrRaw(ms)}`;
  }

  /** Units of the accepted numeric times, most used first ([] when every time was a date-time string). */
  unitsUsed(): { unit: TsUnit; count: number }[] {
    return TS_UNITS.filter((u) => this.numeric[u] > 0)
      .map((unit) => ({ unit, count: this.numeric[unit] }))
      .sort((a, b) => b.count - a.count);
  }
}

function isoOrRaw(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}
