/**
 * `lockstep push` (the real CLI) against a real API server on loopback: batches, waiting for a
 * server that is not up yet, re-runs that store nothing twice, and refusals that stop it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from '../support/net.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../api/helpers.js';
import { ensureBuilt, lockstep } from '../support/cli.js';

let dir: string;
let file: string;
const N = 1200;
const T0 = Date.parse('2024-03-01T00:00:00Z');


const storedCount = async (s: TestServer) => {
  let n = 0;
  for await (const batch of s.store.readEvents({})) n += batch.length;
  return n;
};

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'lockstep-push-'));
  // Unix seconds, as many exports have them: push reads them as scan does and sends ISO times.
  const lines = Array.from({ length: N }, (_, i) => JSON.stringify({ id: `p${i}`, account: `a${i % 40}`, action: 'share', target: `t${i % 25}`, ts: T0 / 1000 + i }));
  lines.splice(100, 0, JSON.stringify({ account: 'x', action: 'share', ts: T0 / 1000 })); // line 101: no target
  file = join(dir, 'events.ndjson.gz');
  writeFileSync(file, gzipSync(lines.join('\n') + '\n'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('lockstep push', () => {
  let s: TestServer | undefined;
  afterAll(() => s?.stop());

  it('waits for a server that is not up yet, sends the file in batches, and a re-run stores nothing twice', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    // The server starts only once push has been refused and says it retries (a fixed delay races a
    // slow machine: push may not have tried yet).
    let refused!: () => void;
    const retrying = new Promise<void>((r) => (refused = r));
    const pushing = lockstep(['push', file, '--api', url, '--batch', '500', '--rejects', join(dir, 'rejects.ndjson')], {
      env: { LOCKSTEP_API_KEY: 'w-secret-key' },
      onStderr: (err) => /ECONNREFUSED; retry 1 of 8/.test(err) && refused(),
    });
    await Promise.race([retrying, pushing]);
    s = await startTestServer({ port });
    const r = await pushing;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/ECONNREFUSED; retry 1 of 8/);
    expect(JSON.parse(r.stdout)).toEqual({ read: N + 1, sent: N, accepted: N, duplicates: 0, rejected: 1, batches: 3, replayed: 0 });
    expect(r.stderr).toMatch(/numeric ts read as Unix seconds \(inferred/);
    expect(r.stderr).toMatch(/1 × missing field "target" .*events\.ndjson\.gz:101/);
    expect(await storedCount(s)).toBe(N);
    const tl = await (await fetch(`${s.url}/v1/accounts/a1/events?limit=1`, { headers: { authorization: 'Bearer r-secret-key' } })).json();
    expect(tl.items[0].ts.slice(0, 10)).toBe('2024-03-01');

    const again = await lockstep(['push', file, '--api', url, '--key', 'w-secret-key', '--batch', '500']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ sent: N, accepted: 0, replayed: N, batches: 3 });
    expect(await storedCount(s)).toBe(N);
    // Other batch boundaries (new Idempotency-Keys): the events are recognised by id.
    const other = await lockstep(['push', file, '--api', url, '--key', 'w-secret-key', '--batch', '700']);
    expect(JSON.parse(other.stdout)).toMatchObject({ accepted: 0, duplicates: N, replayed: 0 });
    expect(await storedCount(s)).toBe(N);
  });

  it('stops at once on a refusal it cannot retry (wrong key: 401), exit 1, naming it', async () => {
    const r = await lockstep(['push', file, '--api', s!.url, '--key', 'not-a-key']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/POST \/v1\/events: 401/);
    expect(r.stderr).toMatch(/0 batches \(0 events\) were stored before this one; run the same command again/);
    expect(r.stderr).not.toMatch(/retry/);
  });

  it('a batch over the server body limit: exit 1 with the 413 detail, which names the limit and LOCKSTEP_BODY_LIMIT', async () => {
    const small = await startTestServer({ bodyLimitBytes: 10_000 });
    try {
      const r = await lockstep(['push', file, '--api', small.url, '--key', 'w-secret-key', '--batch', '1000']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/413 the request body( \(\d+ bytes\))? is larger than the limit of 10000 bytes/);
      expect(r.stderr).toContain('LOCKSTEP_BODY_LIMIT');
    } finally {
      await small.stop();
    }
  });

  it('needs an API URL', async () => {
    const r = await lockstep(['push', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--api/);
  });
});

