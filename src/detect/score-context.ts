import type { NullContext } from './null-context.js';

/**
 * The null context as scoring threads share it: built once on the main thread, its arrays moved
 * into shared memory, which a worker reads in place. A copy of the table per worker was about 170
 * bytes an event (1.7 GB at 10 M events), so under --max-memory 4G a 10 M-event scan scored on one
 * thread; a structured-clone copy of the context was still about 40 bytes an event, and twice that
 * while in flight. Only the account names and the per-group action names are copied to a worker
 * (see ScoringMessage).
 */

/** Each account's post times, sorted, as one shared array (account a's are times[offset[a]..offset[a+1])). */
interface PostTimesCsr {
  offset: Int32Array;
  times: Float64Array;
}

/** What a worker is sent in place of the context. */
export interface ScoringMessage {
  ctx: Omit<NullContext, 'groups' | 'postTimes'> & { groups: Omit<NullContext['groups'], 'action' | 'label'> };
  /** Post times as one shared array: a Map of one small array per account that posted cost about
   *  390 bytes an account (150 MB at 10 M events) in each thread. */
  postTimes: PostTimesCsr;
  /** Each group's action as an index into actionNames: one byte a group, not a string. */
  actionCode: Uint8Array;
  actionNames: string[];
}

/** The array itself when it is in shared memory already (the table's times and accounts), else a shared copy. */
function shared<T extends Int32Array | Float64Array | Uint8Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as { new (buffer: SharedArrayBuffer): T };
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

/**
 * The context with its typed arrays in shared memory, for this thread's own use too (so the
 * unshared ones can be collected), and the message that gives a worker the same context.
 */
export interface SharedContext {
  ctx: NullContext;
  message: ScoringMessage;
}

export function shareContext(ctx: NullContext): SharedContext {
  const { table, groups, copying } = ctx;
  const sharedCtx: NullContext = {
    ...ctx,
    table: { size: table.size, ts: shared(table.ts), account: shared(table.account), accountNames: table.accountNames },
    // Labels are read while building the context (stimuli) and by the report, never by the tests.
    groups: { size: groups.size, offset: shared(groups.offset), order: shared(groups.order), action: groups.action, parent: shared(groups.parent), label: [] },
    accOffset: shared(ctx.accOffset),
    accGroups: shared(ctx.accGroups),
    accEvents: shared(ctx.accEvents),
    groupTs: shared(ctx.groupTs),
    groupAccount: shared(ctx.groupAccount),
    stimulus: shared(ctx.stimulus),
    stimulusAccount: shared(ctx.stimulusAccount),
    copying: { families: shared(copying.families), total: copying.total, authors: shared(copying.authors), specific: shared(copying.specific), sources: shared(copying.sources) },
    postTimes: postTimesView(postTimesCsr(ctx.postTimes, table.accountNames.length)),
  };
  const actionNames = [...new Set(groups.action)];
  if (actionNames.length > 255) throw new Error(`scoring: ${actionNames.length} action kinds do not fit a byte`);
  const index = new Map(actionNames.map((a, i) => [a, i]));
  const actionCode = new Uint8Array(new SharedArrayBuffer(groups.size));
  for (let g = 0; g < groups.size; g++) actionCode[g] = index.get(groups.action[g])!;
  const { action: _action, label: _label, ...plainGroups } = sharedCtx.groups;
  const { postTimes: _postTimes, ...plainCtx } = sharedCtx;
  const postTimes = (sharedCtx.postTimes as PostTimesView).csr;
  return { ctx: sharedCtx, message: { ctx: { ...plainCtx, groups: plainGroups }, postTimes, actionCode, actionNames } };
}

type PostTimesView = NullContext['postTimes'] & { csr: PostTimesCsr };

function postTimesCsr(map: NullContext['postTimes'], accounts: number): PostTimesCsr {
  const offset = new Int32Array(new SharedArrayBuffer((accounts + 1) * 4));
  for (let a = 0; a < accounts; a++) offset[a + 1] = offset[a] + (map.get(a)?.length ?? 0);
  const times = new Float64Array(new SharedArrayBuffer(offset[accounts] * 8));
  for (let a = 0; a < accounts; a++) {
    const list = map.get(a);
    if (list) times.set(list, offset[a]);
  }
  return { offset, times };
}

/** The lookup the null model makes (an account's sorted post times, or undefined), on the shared array. */
function postTimesView(csr: PostTimesCsr): PostTimesView {
  const { offset, times } = csr;
  return { csr, get: (a: number) => (offset[a + 1] > offset[a] ? times.subarray(offset[a], offset[a + 1]) : undefined) };
}

/** The worker's side: the context from a ScoringMessage (action names are the same strings again). */
export function receiveContext(m: ScoringMessage): NullContext {
  const action = Array.from(m.actionCode, (c) => m.actionNames[c]);
  return { ...m.ctx, groups: { ...m.ctx.groups, action, label: [] }, postTimes: postTimesView(m.postTimes) };
}
