import { describe, expect, it } from 'vitest';
import { parseBody } from '../../src/ingest/body.js';
import { ev, ndjson } from './helpers.js';

describe('parseBody', () => {
  it('parses an NDJSON body with per-line rejects', () => {
    const body = ndjson([ev(1)]) + '\n{oops\n' + ndjson([ev(2), { account: 'a' }]);
    const { events, lines, rejects } = parseBody(body, { source: 'request' });
    expect(events.map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(lines).toEqual([1, 4]);
    expect(rejects).toEqual([
      { source: 'request', line: 3, reason: expect.stringMatching(/invalid JSON/) },
      { source: 'request', line: 5, reason: expect.stringMatching(/missing field/) },
    ]);
  });

  it('parses a JSON array body and a CSV body, detected from the first character', () => {
    expect(parseBody(` \n[${JSON.stringify(ev(1))},\n${JSON.stringify(ev(2))}]`).lines).toEqual([2, 3]);
    expect(parseBody('account,action,ts\na,post,2024-01-01T00:00:00Z\n').events).toEqual([{ account: 'a', action: 'post', ts: Date.UTC(2024, 0, 1) }]);
  });

  it('keeps repeated ids (de-duplication is the store’s job) and reads an empty body as nothing', () => {
    expect(parseBody(ndjson([ev(1), ev(1)])).events).toHaveLength(2);
    expect(parseBody('')).toEqual({ events: [], lines: [], rejects: [] });
    expect(parseBody('[]')).toEqual({ events: [], lines: [], rejects: [] });
  });
});
