import { join } from 'node:path';
import { parseApiKeys, type ApiKey } from './keys.js';

/** Everything the API reads from the environment, parsed once at start. */
export interface ApiConfig {
  keys: ApiKey[];
  /** Requests per minute per API key. */
  rateLimitPerMinute: number;
  /** Largest request body in bytes (413 above). */
  bodyLimitBytes: number;
  /** Longest NDJSON line in bytes (that line is rejected). */
  maxLineBytes: number;
  /** Allowed CORS origins; empty means CORS stays off. */
  corsOrigins: string[];
  /** Accept event times outside 2000-01-01 .. end of tomorrow (UTC); otherwise they are rejects. */
  allowAnyTime: boolean;
  /** Scan history (operations across scans); unset: API scans are not tracked. */
  historyDir?: string;
}

type Env = Record<string, string | undefined>;

function positiveInt(env: Env, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer (got "${v}")`);
  return n;
}

function flag(env: Env, name: string): boolean {
  const v = (env[name] ?? '').trim().toLowerCase();
  if (v === '' || v === '0' || v === 'false') return false;
  if (v === '1' || v === 'true') return true;
  throw new Error(`${name} must be 1 or 0 (got "${env[name]}")`);
}

export function configFromEnv(env: Env = process.env): ApiConfig {
  return {
    keys: parseApiKeys(env.LOCKSTEP_API_KEYS),
    rateLimitPerMinute: positiveInt(env, 'LOCKSTEP_RATE_LIMIT', 100_000),
    bodyLimitBytes: positiveInt(env, 'LOCKSTEP_BODY_LIMIT', 16 * 1024 * 1024),
    maxLineBytes: positiveInt(env, 'LOCKSTEP_MAX_LINE_BYTES', 64 * 1024),
    corsOrigins: (env.LOCKSTEP_CORS_ORIGIN ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    allowAnyTime: flag(env, 'LOCKSTEP_ALLOW_ANY_TIME'),
    historyDir: env.LOCKSTEP_HISTORY_DIR || join(env.LOCKSTEP_DATA_DIR || './data', 'history'),
  };
}
