import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { join } from 'node:path';
import { validateEvent } from '../../src/ingest/validate.js';
import type { ActivityEvent } from '../../src/ingest/types.js';
import { sharedDir } from '../shared-dir.js';

export { sharedDir };

/** Reads a (gzipped) NDJSON event file through the contract validator; invalid lines are counted. */
export async function readNdjson(path: string): Promise<{ events: ActivityEvent[]; rejected: number }> {
  const raw = createReadStream(path);
  const input = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const events: ActivityEvent[] = [];
  let rejected = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    let v;
    try {
      v = validateEvent(JSON.parse(line));
    } catch {
      rejected++;
      continue;
    }
    if (v.ok) events.push(v.event);
    else rejected++;
  }
  return { events, rejected };
}

export interface IraData {
  events: ActivityEvent[];
  rejected: number;
  labels: Record<string, string>;
}

/** The IRA months in the shared data (FiveThirtyEight's release, one directory per month). */
export const IRA_MONTHS = ['2015-07', '2016-10', '2016-12'] as const;
export const iraDir = (month: string): string => join(sharedDir(), 'data', `ira-${month}`);

/** One IRA month's events and operator labels (`dir`: a month's directory; undefined when missing). */
export async function loadIra(dir = iraDir('2016-10')): Promise<IraData | undefined> {
  const ev = join(dir, 'events.ndjson.gz');
  if (!existsSync(ev)) return undefined;
  const { events, rejected } = await readNdjson(ev);
  const labels = (JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as { accounts: Record<string, string> }).accounts;
  return { events, rejected, labels };
}
