import { createHash } from 'node:crypto';
import { HttpProblem } from './problem.js';

/** A response worth replaying: status and JSON body. */
export interface Replayable {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface Entry {
  fingerprint: string;
  result: Promise<Replayable>;
  at: number;
}

/**
 * Remembers responses by Idempotency-Key so a retried request gets the first answer instead of
 * acting twice. Keys are scoped per API key and route; reuse with a different body is a 422.
 * Concurrent retries share the in-flight result. Only non-5xx answers are kept.
 */
export class IdempotencyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly ttlMs = 24 * 60 * 60 * 1000,
  ) {}

  static fingerprint(body: Buffer | string | undefined): string {
    return createHash('sha256').update(body ?? '').digest('base64url');
  }

  async run(scope: string, key: string, fingerprint: string, compute: () => Promise<Replayable>): Promise<Replayable & { replayed: boolean }> {
    if (key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
      throw new HttpProblem(400, 'validation', 'invalid Idempotency-Key header', [{ field: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters' }]);
    }
    const id = `${scope}\u0000${key}`;
    const now = Date.now();
    const hit = this.entries.get(id);
    if (hit && now - hit.at < this.ttlMs) {
      if (hit.fingerprint !== fingerprint) throw new HttpProblem(422, 'idempotency-key-reused', 'this Idempotency-Key was already used with a different request');
      return { ...(await hit.result), replayed: true };
    }
    const result = compute();
    this.entries.set(id, { fingerprint, result, at: now });
    this.evict();
    try {
      const r = await result;
      if (r.status >= 500) this.entries.delete(id);
      return { ...r, replayed: false };
    } catch (err) {
      this.entries.delete(id); // failures are not remembered: a retry should try again
      throw err;
    }
  }

  private evict(): void {
    // Map iteration is insertion order, so the first entries are the oldest.
    for (const k of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(k);
    }
  }
}
