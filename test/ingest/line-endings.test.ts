// Line numbers of rejects in files with CRLF and mixed line endings (Excel and Python exports).
import { describe, expect, it } from 'vitest';
import { ingestSources } from '../../src/ingest/ingest.js';
import { parseMapping } from '../../src/ingest/mapping.js';
import { tempDir } from './helpers.js';

const { file } = tempDir();

const good = (i: number) => JSON.stringify({ id: `e${i}`, account: `a${i}`, action: 'share', target: 't', ts: '2024-03-01T00:00:00Z' });
const noTarget = JSON.stringify({ account: 'x', action: 'share', ts: '2024-03-01T00:00:00Z' });

describe('NDJSON line numbers with CRLF and mixed endings', () => {
  // Lines: 1 good, 2 bad, 3 blank, 4 good, 5 bad JSON, 6 good, 7 bad; CRLF with one LF-only ending.
  const text = [good(1), noTarget, '', good(4), '{"broken', good(6)].join('\r\n') + '\n' + noTarget + '\r\n';

  it('the fast reader (no mapping) and the general reader (a mapping) give the same, right lines', async () => {
    const f = file('mixed.ndjson', text);
    const fast = await ingestSources([f]);
    const general = await ingestSources([f], { mapping: parseMapping('platform==x') });
    for (const r of [fast, general]) {
      expect(r.rejects.map((x) => x.line)).toEqual([2, 5, 7]);
      expect(r.stats).toEqual({ read: 6, events: 3, rejected: 3, duplicates: 0 });
    }
  });

  it('CSV: lone CR line endings (old Mac exports) count as lines too', async () => {
    const csv = 'account,action,target,ts\ra,share,t,2024-03-01T00:00:00Z\rb,share,,2024-03-01T00:00:00Z\r\rc,share,t,bad\r';
    const { rejects, stats } = await ingestSources([file('cr.csv', csv)]);
    expect(rejects.map((x) => x.line)).toEqual([3, 5]);
    expect(stats).toEqual({ read: 3, events: 1, rejected: 2, duplicates: 0 });
  });
});
