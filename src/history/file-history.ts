import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/embedded/atomic-file.js';
import type { HistoryData, HistoryScan } from './types.js';

const EMPTY: HistoryData = { version: 1, scans: [] };

/**
 * The scan history in one JSON file (`<dir>/history.json`), replaced atomically on every record.
 * Several processes share it (`lockstep daily` from cron, `lockstep serve`), so every read checks
 * whether the file changed since it was loaded, and a record re-reads it just before writing.
 */
export class FileHistory {
  private data: HistoryData = EMPTY;
  private loadedStamp = '';

  private constructor(private readonly path: string) {}

  static async open(dir: string): Promise<FileHistory> {
    await mkdir(dir, { recursive: true });
    const h = new FileHistory(join(dir, 'history.json'));
    await h.refresh();
    return h;
  }

  /** Reloads the file when its size or modification time changed. */
  private async refresh(): Promise<void> {
    let stamp: string;
    try {
      const s = await stat(this.path);
      stamp = `${s.size}:${s.mtimeMs}:${s.ino}`;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      this.data = EMPTY;
      this.loadedStamp = '';
      return;
    }
    if (stamp === this.loadedStamp) return;
    let data: HistoryData;
    try {
      data = JSON.parse(await readFile(this.path, 'utf8')) as HistoryData;
    } catch (err) {
      throw new Error(`history ${this.path} is unreadable: ${(err as Error).message}`);
    }
    if (data.version !== 1 || !Array.isArray(data.scans)) throw new Error(`history ${this.path} is not a Lockstep history (version 1)`);
    this.data = data;
    this.loadedStamp = stamp;
  }

  async scans(): Promise<readonly HistoryScan[]> {
    await this.refresh();
    return this.data.scans;
  }

  /** Scans recorded before `key` (all of them when the key is new). */
  async before(key: string): Promise<HistoryScan[]> {
    const scans = await this.scans();
    const i = scans.findIndex((s) => s.key === key);
    return i < 0 ? [...scans] : scans.slice(0, i);
  }

  async record(scan: HistoryScan): Promise<void> {
    await this.refresh();
    const scans = [...this.data.scans];
    const i = scans.findIndex((s) => s.key === scan.key);
    if (i < 0) scans.push(scan);
    else scans[i] = scan;
    await writeFileAtomic(this.path, JSON.stringify({ version: 1, scans } satisfies HistoryData));
    this.loadedStamp = ''; // the next read reloads what was just written (and anything after it)
    await this.refresh();
  }
}
