import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** A temp directory removed after the test file; `file(name, content)` writes into it. */
export function tempDir(): { dir: string; file: (name: string, content: string | Buffer) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-ingest-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    file: (name, content) => {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    },
  };
}

/** One NDJSON line per object. */
export const ndjson = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

export const ev = (i: number, extra: Record<string, unknown> = {}) => ({
  id: `e${i}`,
  account: `acct${i % 7}`,
  action: 'share',
  target: `t${i % 3}`,
  ts: 1_700_000_000_000 + i * 1000,
  ...extra,
});
