import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { createRng, type Rng } from './prng.js';
import { TK, type EventStore } from './store.js';
import { CLEAN_EXPORT, targetRenderer, timeRenderer, withoutStimuli, type ExportQuirks } from './export.js';
import { ACTIONS, type GeneratedEvent } from './types.js';

/**
 * Rendering the columnar store as contract events: ids follow time order (`e<rank>`), so a post's
 * id — what shares and replies target — is known once the time order is. How the platform
 * exported the data (export.ts) is applied here, so one world renders under any export quirks.
 */

export type Order = 'time' | 'shuffle';

/** Event indices in time order (ties by insertion), via one numeric sort of packed keys. */
export function timeOrder(s: EventStore): Uint32Array {
  const n = s.size;
  const bits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const span = s.end - s.start + 1;
  const out = new Uint32Array(n);
  if (span * 2 ** bits < 2 ** 53) {
    // Pack (ts, index) into one exact double: a typed-array sort is far faster than a comparator.
    const keys = new Float64Array(n);
    const m = 2 ** bits;
    for (let i = 0; i < n; i++) keys[i] = (s.ts[i] - s.start) * m + i;
    keys.sort();
    for (let i = 0; i < n; i++) out[i] = keys[i] % m;
    return out;
  }
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => s.ts[a] - s.ts[b] || a - b);
  out.set(idx);
  return out;
}

export interface Rendering {
  /** Output order (event indices; events the export leaves out are not in it). */
  order: Uint32Array;
  /** Time rank of each event (its id number). */
  rank: Uint32Array;
  /** How the export renders targets and times. */
  quirks: ExportQuirks;
}

export function prepare(s: EventStore, order: Order, seed: number, quirks: ExportQuirks = CLEAN_EXPORT): Rendering {
  const byTime = timeOrder(s);
  const rank = new Uint32Array(s.size);
  for (let k = 0; k < byTime.length; k++) rank[byTime[k]] = k;
  const shown = quirks.stimulus === 'absent' ? withoutStimuli(s, byTime) : byTime;
  if (order === 'time') return { order: shown, rank, quirks };
  const r: Rng = createRng(seed, 0x5f5f);
  const o = shown.slice();
  for (let i = o.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = o[i]; o[i] = o[j]; o[j] = t;
  }
  return { order: o, rank, quirks };
}

/** Events in output order as objects (for in-memory evaluation). */
export function* events(s: EventStore, rd: Rendering): Generator<GeneratedEvent> {
  const targetOf = targetRenderer(s, rd);
  const ts = timeRenderer(rd.quirks);
  for (const i of rd.order) {
    const e: GeneratedEvent = { id: `e${rd.rank[i]}`, account: s.accounts[s.account[i]].name, action: ACTIONS[s.action[i]], ts: ts(s.ts[i]) };
    const t = targetOf(i);
    if (t !== undefined) e.target = t;
    if (s.textIdx[i] >= 0) e.text = s.texts[s.textIdx[i]];
    yield e;
  }
}

/** Renders epoch ms as ISO-8601, reusing the date-and-minute prefix across consecutive events. */
function isoFormatter(): (ts: number) => string {
  let minute = NaN, prefix = '';
  return (ts) => {
    const m = Math.floor(ts / 60_000);
    if (m !== minute) {
      minute = m;
      prefix = new Date(m * 60_000).toISOString().slice(0, 17);
    }
    const ms = ts - m * 60_000;
    const sec = Math.floor(ms / 1000), milli = ms % 1000;
    return `${prefix}${sec < 10 ? '0' : ''}${sec}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
  };
}

/** A line renderer (no newline). Names and ids are plain ASCII; only text needs escaping. */
export function lineRenderer(s: EventStore, rd: Rendering): (i: number) => string {
  const iso = isoFormatter();
  const targetOf = targetRenderer(s, rd);
  const ts = timeRenderer(rd.quirks);
  const names = s.accounts.map((a) => a.name);
  const head = names.map((n) => `","account":"${n}","action":"`);
  return (i) => {
    const t = targetOf(i);
    let out = `{"id":"e${rd.rank[i]}${head[s.account[i]]}${ACTIONS[s.action[i]]}"`;
    if (t !== undefined) out += s.tkind[i] === TK.external ? `,"target":${JSON.stringify(t)}` : `,"target":"${t}"`;
    out += `,"ts":"${iso(ts(s.ts[i]))}"`;
    if (s.textIdx[i] >= 0) out += `,"text":${JSON.stringify(s.texts[s.textIdx[i]])}`;
    return out + '}';
  };
}

export interface WriteOptions {
  /** Gzip when true, or when the path ends in .gz (default). */
  gzip?: boolean;
  /** zlib level (default 6); lower is faster for throwaway benchmark files. */
  level?: number;
}

/** Streams the events to disk in ~1 MB chunks, honouring back-pressure. */
export async function writeNdjson(s: EventStore, rd: Rendering, path: string, opts: WriteOptions = {}): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const file = createWriteStream(path);
  const gz = opts.gzip ?? path.endsWith('.gz');
  const sink = gz ? createGzip({ level: opts.level ?? 6 }) : file;
  if (gz) (sink as ReturnType<typeof createGzip>).pipe(file);
  const line = lineRenderer(s, rd);
  const batch: string[] = [];
  for (const i of rd.order) {
    batch.push(line(i));
    if (batch.length === 8192) {
      if (!sink.write(batch.join('\n') + '\n')) await once(sink, 'drain');
      batch.length = 0;
    }
  }
  sink.end(batch.length ? batch.join('\n') + '\n' : '');
  await once(file, 'close');
}
