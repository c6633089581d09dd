import type { TsUnit } from './time-policy.js';

/** One validated activity event (see src/contract/event.schema.json). `ts` is normalised to epoch ms. */
export interface ActivityEvent {
  id?: string;
  account: string;
  action: string;
  target?: string;
  ts: number;
  text?: string;
  platform?: string;
}

/** An input record that failed validation: where it was and why. */
export interface Reject {
  source: string;
  line: number;
  reason: string;
}

/** Accounting for one ingestion: read = events + rejected + duplicates, always. */
export interface IngestStats {
  read: number;
  events: number;
  rejected: number;
  duplicates: number;
}

/**
 * How to read a non-contract column layout: contract field -> source column.
 * E.g. CooRTweet: { id: 'content_id', account: 'account_id', target: 'object_id', ts: 'timestamp_share' }.
 * `action` may name a column or be fixed with `constAction`; `tsUnit` says how to read numeric times.
 */
export interface ColumnMapping {
  fields: Partial<Record<'id' | 'account' | 'action' | 'target' | 'ts' | 'text' | 'platform', string>>;
  constAction?: string;
  /** Fixed values for other fields (e.g. platform); `constAction` is the one for action. */
  constants?: Partial<Record<'id' | 'account' | 'target' | 'text' | 'platform', string>>;
  /** Unit of numeric times; absent: inferred from their size by the CLI, epoch ms elsewhere (the contract). */
  tsUnit?: TsUnit;
}
