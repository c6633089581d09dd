import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileHistory } from '../../src/history/file-history.js';
import type { HistoryScan } from '../../src/history/types.js';

const scan = (key: string, ids: string[]): HistoryScan => ({ key, at: `2024-03-0${key.slice(-1)}T00:00:00Z`, clusters: ids.map((id) => ({ id, operationId: `o_${id}`, status: 'new', score: 1, members: ['a', 'b'] })) });

describe('FileHistory', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lockstep-history-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('re-recording a key replaces that scan in place; before() gives the scans ahead of it', async () => {
    const h = await FileHistory.open(dir);
    await h.record(scan('d1', ['x']));
    await h.record(scan('d2', ['y']));
    await h.record(scan('d3', ['z']));
    await h.record(scan('d2', ['y2']));
    expect((await h.scans()).map((s) => `${s.key}:${s.clusters[0].id}`)).toEqual(['d1:x', 'd2:y2', 'd3:z']);
    expect((await h.before('d2')).map((s) => s.key)).toEqual(['d1']);
    expect((await h.before('d9')).map((s) => s.key)).toEqual(['d1', 'd2', 'd3']);
  });

  it('sees what another process recorded (a server open while the nightly job runs)', async () => {
    const server = await FileHistory.open(dir);
    expect(await server.scans()).toEqual([]);
    const job = await FileHistory.open(dir);
    await job.record(scan('d1', ['x']));
    expect((await server.scans()).map((s) => s.key)).toEqual(['d1']);
    // and a record from the server keeps the job's scan
    await server.record(scan('d2', ['y']));
    expect((await job.scans()).map((s) => s.key)).toEqual(['d1', 'd2']);
  });

  it('refuses a file that is not a history, saying so', async () => {
    writeFileSync(join(dir, 'history.json'), '{"hello":1}');
    await expect(FileHistory.open(dir)).rejects.toThrow(/not a Lockstep history/);
    writeFileSync(join(dir, 'history.json'), '{nope');
    await expect(FileHistory.open(dir)).rejects.toThrow(/unreadable/);
  });
});
