// A small client for the Lockstep HTTP API, as `lockstep push` uses it: retries what can succeed
// later (no connection yet, 408, 429, 5xx) with backoff, and gives up at once on what cannot
// (any other 4xx), naming the server's problem detail.
import { setTimeout as sleep } from 'node:timers/promises';

export interface ApiClientOptions {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  key?: string;
  /** Attempts after the first for one request (default 8: about a minute of backoff). */
  retries?: number;
  /** First backoff in ms (doubles each time, up to 30 s; a Retry-After header wins). */
  backoffMs?: number;
  /** Told before each retry (for a note on stderr). */
  onRetry?: (what: string, attempt: number, waitMs: number, why: string) => void;
}

/** A request the server refused for good (4xx other than 408/429), or retries ran out. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const MAX_BACKOFF = 30_000;

const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

/** Seconds or an HTTP date, as ms from now; undefined when absent or unreadable. */
function retryAfterMs(h: string | null): number | undefined {
  if (!h) return undefined;
  const s = Number(h);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const t = Date.parse(h);
  return Number.isNaN(t) ? undefined : Math.max(0, t - Date.now());
}

export class ApiClient {
  private readonly base: string;

  constructor(private readonly opts: ApiClientOptions) {
    this.base = opts.url.replace(/\/+$/, '');
  }

  /** A JSON request with retries; returns the parsed JSON body of a 2xx (`seen` gets its headers). */
  async request<T>(method: string, path: string, body?: { data: Buffer | string; type: string; encoding?: string }, headers: Record<string, string> = {}, seen?: (h: Headers) => void): Promise<T> {
    const retries = this.opts.retries ?? 8;
    let wait = this.opts.backoffMs ?? 250;
    for (let attempt = 0; ; attempt++) {
      let why: string;
      let after: number | undefined;
      try {
        const h: Record<string, string> = { accept: 'application/json', ...headers };
        if (this.opts.key) h.authorization = `Bearer ${this.opts.key}`;
        if (body) {
          h['content-type'] = body.type;
          if (body.encoding) h['content-encoding'] = body.encoding;
        }
        const data = body === undefined ? undefined : typeof body.data === 'string' ? body.data : new Blob([new Uint8Array(body.data)]);
        const res = await fetch(this.base + path, { method, headers: h, body: data });
        const text = await res.text();
        if (res.ok) {
          seen?.(res.headers);
          return (text ? JSON.parse(text) : undefined) as T;
        }
        const detail = problemDetail(text) ?? res.statusText;
        if (!retryable(res.status)) throw new ApiError(`${method} ${path}: ${res.status} ${detail}`, res.status);
        why = `${res.status} ${detail}`;
        after = retryAfterMs(res.headers.get('retry-after'));
      } catch (err) {
        if (err instanceof ApiError) throw err;
        // fetch fails with a TypeError whose cause says why (ECONNREFUSED while a server starts, a reset).
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        why = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
      }
      if (attempt >= retries) throw new ApiError(`${method} ${path}: gave up after ${attempt + 1} attempts (last: ${why})`);
      const ms = Math.min(after ?? wait, MAX_BACKOFF);
      this.opts.onRetry?.(`${method} ${path}`, attempt + 1, ms, why);
      await sleep(ms);
      wait = Math.min(wait * 2, MAX_BACKOFF);
    }
  }
}

/** The detail (or title) of a problem document, if the text is one. */
function problemDetail(text: string): string | undefined {
  try {
    const p = JSON.parse(text) as { detail?: unknown; title?: unknown };
    return typeof p.detail === 'string' ? p.detail : typeof p.title === 'string' ? p.title : undefined;
  } catch {
    return text ? text.slice(0, 200) : undefined;
  }
}
