import { createHash, timingSafeEqual } from 'node:crypto';

export type Role = 'read' | 'write';

/** A configured API key: only its hash is kept. `name` is what logs and reviews show. */
export interface ApiKey {
  name: string;
  role: Role;
  hash: Buffer;
}

export interface Principal {
  name: string;
  role: Role;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/**
 * Parses LOCKSTEP_API_KEYS: comma-separated `key:role` or `key:role:name`, role `read` or `write`
 * (write includes read). Without a name, one is derived from the key's hash so logs never show the key.
 */
export function parseApiKeys(spec: string | undefined): ApiKey[] {
  const keys: ApiKey[] = [];
  for (const raw of (spec ?? '').split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const [key, role, name, ...rest] = entry.split(':');
    if (!key || rest.length) throw new Error(`LOCKSTEP_API_KEYS: entry ${keys.length + 1} is not key:role or key:role:name`);
    if (role !== 'read' && role !== 'write') throw new Error(`LOCKSTEP_API_KEYS: entry ${keys.length + 1} has role "${role ?? ''}" (expected read or write)`);
    const hash = sha256(key);
    keys.push({ name: name?.trim() || `key-${hash.toString('hex').slice(0, 8)}`, role, hash });
  }
  return keys;
}

/** The key matching `token`, compared in constant time over fixed-length hashes, checking every key. */
export function findKey(keys: readonly ApiKey[], token: string): ApiKey | undefined {
  const h = sha256(token);
  let found: ApiKey | undefined;
  for (const k of keys) if (timingSafeEqual(h, k.hash) && !found) found = k;
  return found;
}

export function allows(have: Role, need: Role): boolean {
  return need === 'read' || have === 'write';
}
