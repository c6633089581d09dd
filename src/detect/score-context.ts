import type { NullContext } from './null-model.js';

/**
 * What a scoring worker is sent: the null context built once on the main thread, without the
 * columns only its construction read (texts, ids, targets, labels). A copy of the whole table
 * was about 170 bytes an event, so under --max-memory a 10 M-event scan scored on one thread; this
 * is the timing columns and the indexes, and the worker does not rebuild the context either.
 */
export function scoringContext(ctx: NullContext): NullContext {
  const { table, groups } = ctx;
  return {
    ...ctx,
    table: { size: table.size, ts: table.ts, account: table.account, accountNames: table.accountNames },
    // Labels are read while building the context (stimuli) and by the report, never by the tests.
    groups: { size: groups.size, offset: groups.offset, order: groups.order, action: groups.action, parent: groups.parent, label: [] },
  };
}
