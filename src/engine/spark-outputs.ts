import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import type { EventTable } from '../ingest/table.js';
import type { EdgeList } from '../graph/coaction.js';
import type { TextGroups } from '../graph/groups.js';

/**
 * Reads the Spark job's Parquet outputs with hyparquet: pure JavaScript with no native build or
 * dependencies (nothing to compile on the analyst's machine), it reads what Spark writes (snappy,
 * dictionary and RLE encodings), and it is maintained as the reader behind Hyperparam's viewer.
 */
async function readDir(dir: string, columns: string[]): Promise<Record<string, unknown>[]> {
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

/**
 * edges (a, b by account name, weight, groups) as an EdgeList on the table's account indices,
 * each pair as (lower index, higher index) like the in-process pair table, ordered by (a, b).
 */
export async function readEdges(out: string, table: EventTable): Promise<EdgeList> {
  const index = new Map<string, number>();
  table.accountNames.forEach((n, i) => index.set(n, i));
  const rows = await readDir(join(out, 'edges'), ['a', 'b', 'weight', 'groups']);
  const list = rows.map((r) => {
    const x = index.get(String(r.a));
    const y = index.get(String(r.b));
    if (x === undefined || y === undefined) throw new Error(`Spark edge between unknown accounts ${String(r.a)} and ${String(r.b)}: the job read different input`);
    return { a: Math.min(x, y), b: Math.max(x, y), weight: Number(r.weight), groups: Number(r.groups) };
  });
  list.sort((p, q) => p.a - q.a || p.b - q.b);
  const m = list.length;
  const edges: EdgeList = { a: new Int32Array(m), b: new Int32Array(m), weight: new Float64Array(m), groups: new Float32Array(m), size: m };
  list.forEach((e, k) => {
    edges.a[k] = e.a;
    edges.b[k] = e.b;
    edges.weight[k] = e.weight;
    edges.groups[k] = e.groups;
  });
  return edges;
}
