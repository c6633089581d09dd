import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import type { EventTable } from '../ingest/table.js';
import type { EdgeList } from '../graph/coaction.js';
import type { TextGroups } from '../graph/groups.js';
import { indexEdges, type AccountRow, type EpisodeRow, type ExtractEvent } from './extract-table.js';

/**
 * Reads the Spark job's Parquet outputs with hyparquet: pure JavaScript with no native build or
 * dependencies (nothing to compile on the analyst's machine), it reads what Spark writes (snappy,
 * dictionary and RLE encodings), and it is maintained as the reader behind Hyperparam's viewer.
 */
export async function readDir(dir: string, columns: string[]): Promise<Record<string, unknown>[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.parquet')).sort();
  const rows: Record<string, unknown>[] = [];
  for (const f of files) {
    const file = await asyncBufferFromFile(join(dir, f));
    for (const r of await parquetReadObjects({ file, columns })) rows.push(r);
  }
  return rows;
}

/** text_groups (pos = the event's index in the table, family) as the in-process TextGroups array. */
export async function readTextGroups(out: string, size: number): Promise<{ groups: TextGroups; count: number }> {
  const groups = new Int32Array(size).fill(-1);
  let count = 0;
  for (const r of await readDir(join(out, 'text_groups'), ['pos', 'family'])) {
    const pos = Number(r.pos);
    const fam = Number(r.family);
    if (pos < 0 || pos >= size) throw new Error(`Spark text group for event ${pos}, but the table has ${size} events: the job read different input`);
    groups[pos] = fam;
    count = Math.max(count, fam + 1);
  }
  return { groups, count };
}

/** edges (a, b by account name, weight, groups) as an EdgeList on the table's account indices (indexEdges). */
export async function readEdges(out: string, table: EventTable): Promise<EdgeList> {
  return indexEdges(await readEdgeRows(out), table.accountNames);
}

export async function readEdgeRows(out: string): Promise<{ a: string; b: string; weight: number; groups: number }[]> {
  return (await readDir(join(out, 'edges'), ['a', 'b', 'weight', 'groups'])).map((r) => ({ a: String(r.a), b: String(r.b), weight: Number(r.weight), groups: Number(r.groups) }));
}

/** (account, idx) rows of a first phase's edge_accounts/ or a second phase's extract/accounts. */
export async function readAccounts(dir: string, withRank = false): Promise<AccountRow[]> {
  return (await readDir(dir, withRank ? ['account', 'idx', 'rank'] : ['account', 'idx'])).map((r) => ({ account: String(r.account), idx: Number(r.idx), ...(withRank ? { rank: Number(r.rank) } : {}) }));
}

const orNull = <T>(v: unknown, f: (x: unknown) => T): T | null => (v === null || v === undefined ? null : f(v));

/** The second phase's extract/ (see spark/lockstep_spark/extract.py). */
export async function readExtract(out: string): Promise<{ events: ExtractEvent[]; episodes: EpisodeRow[]; accounts: AccountRow[]; memberTexts: Map<string, number>; sources: string[] }> {
  const dir = join(out, 'extract');
  const events = (await readDir(join(dir, 'events'), ['pos', 'account', 'action', 'target', 'ts', 'id', 'family', 'text'])).map((r) => ({
    pos: Number(r.pos),
    account: String(r.account),
    action: String(r.action),
    target: orNull(r.target, String),
    ts: Number(r.ts),
    id: orNull(r.id, String),
    family: orNull(r.family, Number),
    text: orNull(r.text, String),
  }));
  const episodes = (await readDir(join(dir, 'episodes'), ['gkind', 'gfirst', 'ep', 'pos'])).map((r) => ({ gkind: Number(r.gkind), gfirst: Number(r.gfirst), ep: Number(r.ep), pos: Number(r.pos) }));
  const memberTexts = new Map<string, number>();
  for (const r of await readDir(join(dir, 'member_texts'), ['account', 'texts'])) memberTexts.set(String(r.account), Number(r.texts));
  const sources = (await readDir(join(dir, 'sources'), ['account'])).map((r) => String(r.account));
  return { events, episodes, accounts: await readAccounts(join(dir, 'accounts'), true), memberTexts, sources };
}
