import { open, truncate } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { readFileSync, existsSync } from 'node:fs';
import type { ActivityEvent } from '../../ingest/types.js';

export interface LoadedLog {
  events: ActivityEvent[];
  /** Lines that did not parse (a torn tail is cut off, not counted). */
  corrupt: number;
  /** Bytes removed from a torn last line. */
  truncatedBytes: number;
}

/**
 * Reads an NDJSON event log. A crash mid-append can leave a partial last line: it is cut off so the
 * next append starts on a clean line. (Appends are fsynced before the client hears 2xx, so a torn
 * line was never acknowledged.)
 */
export async function loadEventLog(path: string): Promise<LoadedLog> {
  const out: LoadedLog = { events: [], corrupt: 0, truncatedBytes: 0 };
  if (!existsSync(path)) return out;
  const buf = readFileSync(path);
  let start = 0;
  let good = 0; // byte offset just past the last complete line
  while (start < buf.length) {
    const nl = buf.indexOf(10, start);
    if (nl < 0) break; // unterminated tail: torn write
    const line = buf.toString('utf8', start, nl);
    start = nl + 1;
    good = start;
    if (line.trim() === '') continue;
    try {
      out.events.push(JSON.parse(line) as ActivityEvent);
    } catch {
      out.corrupt++;
    }
  }
  if (good < buf.length) {
    out.truncatedBytes = buf.length - good;
    await truncate(path, good);
  }
  return out;
}

/** Append-only event file: each append is one write plus one fsync. */
export class EventLog {
  private constructor(private readonly fh: FileHandle) {}

  static async open(path: string): Promise<EventLog> {
    const fh = await open(path, 'a', 0o600);
    return new EventLog(fh);
  }

  async append(events: ActivityEvent[]): Promise<void> {
    if (events.length === 0) return;
    let text = '';
    for (const e of events) text += JSON.stringify(e) + '\n';
    await this.fh.appendFile(text); // loops until every byte is written
    await this.fh.datasync();
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}
