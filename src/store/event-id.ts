import { createHash } from 'node:crypto';
import type { ActivityEvent } from '../ingest/types.js';

/**
 * The id of an event that arrived without one: a hash of its content, so re-sending the same
 * record is idempotent. Shared by every store (embedded, Neo4j) so they agree on identity.
 * Fields are hashed in a fixed order as a JSON array, which keeps it unambiguous ("a|b" vs "a" "|b").
 */
export function contentEventId(ev: ActivityEvent): string {
  const canonical = JSON.stringify([ev.account, ev.action, ev.target ?? null, ev.ts, ev.text ?? null, ev.platform ?? null]);
  return 'h:' + createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** The event's own id, or its content id when it has none. */
export function eventId(ev: ActivityEvent): string {
  return ev.id ?? contentEventId(ev);
}

/** The event with `id` always set (a copy only when it had to be filled in). */
export function withEventId(ev: ActivityEvent): ActivityEvent & { id: string } {
  return ev.id !== undefined ? (ev as ActivityEvent & { id: string }) : { ...ev, id: contentEventId(ev) };
}
