import type { EventTable } from '../ingest/table.js';
import type { TargetGroups } from '../graph/groups.js';
import { specificLength } from '../graph/specific-length.js';
import { NULL_MODEL_DEFAULTS, type NullModelOptions } from './null-model.js';

/**
 * What the null model reads from the whole day, built once a scan (and shared with the scoring
 * threads): each account's groups, each group's members in time order, the post each group reacts
 * to (stimuli), the clock the times are on, and the copying null's pool of texts.
 */

/** The columns scoring reads once the context is built (a scoring worker gets only these). */
export type ScoringTable = Pick<EventTable, 'size' | 'ts' | 'account' | 'accountNames'>;

export interface NullContext {
  table: ScoringTable;
  groups: TargetGroups;
  /** CSR: groups each account acted in, and the event behind each membership. */
  accOffset: Int32Array;
  accGroups: Int32Array;
  accEvents: Int32Array;
  /** Time and account of each group member in group order (ts[order[k]], account[order[k]]): the
   *  timing test reads a burst's neighbourhood in sequence, not by hops through the event columns
   *  (cache misses that were a third of the test at 10 M events). */
  groupTs: Float64Array;
  groupAccount: Int32Array;
  /** Evidence weight of one co-action of each kind (rare actions weigh more). */
  weights: Map<string, number>;
  /** Per group: time of the post it reacts to when that post is linked (else NaN). */
  stimulus: Float64Array;
  /** Per group: the account whose posts may be what it reacts to (account targets), else −1. */
  stimulusAccount: Int32Array;
  /** Sorted post times per account that posted. */
  postTimes: Pick<Map<number, Float64Array>, 'get'>;
  /** The data's time resolution (ms): 60 000 when every time is on the minute, 1 000 on the second, else 1. */
  resolution: number;
  /** The copying null (see cluster-test.ts): each account's texts in specific words of its own
   *  (`families`, in a family or not) and their total; each text family's authors, and whether it
   *  is specific (long enough). */
  copying: { families: Int32Array; total: number; authors: Int32Array; specific: Uint8Array; sources: Uint8Array };
  options: NullModelOptions;
}

/**
 * The day-wide figures the context reads from the whole table, given instead when the table is an
 * extract of the day (--engine spark's second phase, src/engine/spark-extract.ts): the data's time
 * resolution, and the copying null's pool (each account's texts in specific words of its own,
 * indexed like the table's accounts, and their total over the day).
 */
export interface DayFigures {
  resolution: number;
  /** `sources`: the accounts that started two or more near-duplicate families and most of those they are in, over the day (1: textSources). */
  texts: { families: Int32Array; total: number; sources: Uint8Array };
}

export function buildNullContext(
  table: EventTable,
  groups: TargetGroups,
  weights: Map<string, number>,
  options: Partial<NullModelOptions> = {},
  /** specificLength of each event's text where already measured (else -1): the text stage's workers measure them. */
  lengths?: Int32Array,
  day?: DayFigures,
): NullContext {
  const nAcc = table.accountNames.length;
  const { offset, order } = groups;
  // The account index in shared memory: scoring threads read it in place (score-context.ts).
  const accOffset = new Int32Array(new SharedArrayBuffer((nAcc + 1) * 4));
  for (let k = 0; k < order.length; k++) accOffset[table.account[order[k]] + 1]++;
  for (let v = 0; v < nAcc; v++) accOffset[v + 1] += accOffset[v];
  const fill = accOffset.slice(0, nAcc);
  const accGroups = new Int32Array(new SharedArrayBuffer(order.length * 4));
  const accEvents = new Int32Array(new SharedArrayBuffer(order.length * 4));
  for (let g = 0; g < groups.size; g++)
    for (let k = offset[g]; k < offset[g + 1]; k++) {
      const at = fill[table.account[order[k]]]++;
      accGroups[at] = g;
      accEvents[at] = order[k];
    }
  const groupTs = new Float64Array(new SharedArrayBuffer(order.length * 8));
  const groupAccount = new Int32Array(new SharedArrayBuffer(order.length * 4));
  for (let k = 0; k < order.length; k++) {
    groupTs[k] = table.ts[order[k]];
    groupAccount[k] = table.account[order[k]];
  }
  return { table, groups, accOffset, accGroups, accEvents, groupTs, groupAccount, weights, ...stimuli(table, groups), resolution: day?.resolution ?? timeResolution(table.ts, table.size), copying: copyingProfile(table, groups, lengths, day?.texts), options: { ...NULL_MODEL_DEFAULTS, ...options } };
}

/**
 * Who writes near-duplicate text, and how big the families are. Only specific texts count: short
 * stock phrases ("so true", "thanks for sharing", 确实) are near-duplicates of each other by nature,
 * and independent people repeat them together every day. Posts and answers alike: a brigade's
 * templated insults are replies and mentions. What exposure to one post does (a crowd answering it
 * in its words) is a different sliver of people on each post, which the ring rule of the copying
 * test (cluster-test.ts) sets apart from a ring writing the same words again and again.
 */
function copyingProfile(table: EventTable, groups: TargetGroups, measured?: Int32Array, pool?: DayFigures['texts']): NullContext['copying'] {
  const lengthOf = (i: number) => (measured && measured[i] >= 0 ? measured[i] : specificLength(table.text[i] ?? ''));
  if (pool && (pool.families.length !== table.accountNames.length || pool.sources.length !== table.accountNames.length)) throw new Error(`copying pool for ${pool.families.length} accounts and sources for ${pool.sources.length}, table of ${table.accountNames.length}`);
  const families = pool?.families ?? new Int32Array(table.accountNames.length);
  const specific = new Uint8Array(groups.size);
  const authors = new Int32Array(groups.size);
  for (let g = 0; g < groups.size; g++) {
    if (groups.action[g] !== 'text') continue;
    const lengths: number[] = [];
    for (let k = groups.offset[g]; k < Math.min(groups.offset[g + 1], groups.offset[g] + 7); k++) lengths.push(lengthOf(groups.order[k]));
    lengths.sort((a, b) => a - b);
    if (lengths[lengths.length >> 1] < SPECIFIC_LENGTH) continue;
    specific[g] = 1;
    const seen = new Set<number>();
    for (let k = groups.offset[g]; k < groups.offset[g + 1]; k++) seen.add(table.account[groups.order[k]]);
    authors[g] = seen.size;
  }
  // An extract of the day holds only some of an account's families: the job counts them day-wide.
  const sources = pool?.sources ?? textSources(table, groups);
  // Everyone's texts in words of their own, in a family or not: the pool a family's authors come from.
  if (pool) return { families, total: pool.total, authors, specific, sources };
  let total = 0;
  for (let i = 0; i < table.size; i++) {
    const text = table.text[i];
    if (text === undefined || text.length < SPECIFIC_LENGTH / 2 || lengthOf(i) < SPECIFIC_LENGTH) continue;
    families[table.account[i]]++;
    total++;
  }
  return { families, total, authors, specific, sources };
}

/**
 * Accounts that started two or more near-duplicate families, and most of the families they are in
 * (1), over the day: a source, whose words others repeat (an outlet whose headlines readers paste
 * with a comment of their own). Not every one: an outlet's headline can land in a family of an
 * earlier, similar story ("court issues urgent warning" after "premier issues urgent warning"). A
 * ring member mostly joins waves someone else started (one in n for a ring of n); a passer-by who
 * happened to write a stock phrase first, once, is no source.
 */
export function textSources(table: EventTable, groups: TargetGroups): Uint8Array {
  const n = table.accountNames.length;
  const started = new Int32Array(n);
  const joined = new Int32Array(n);
  const last = new Int32Array(n).fill(-1);
  for (let g = 0; g < groups.size; g++) {
    if (groups.action[g] !== 'text' || groups.offset[g + 1] - groups.offset[g] < 2) continue;
    started[table.account[groups.order[groups.offset[g]]]]++;
    for (let k = groups.offset[g]; k < groups.offset[g + 1]; k++) {
      const a = table.account[groups.order[k]];
      if (last[a] === g) continue;
      last[a] = g;
      joined[a]++;
    }
  }
  const out = new Uint8Array(n);
  for (let a = 0; a < n; a++) if (started[a] >= MIN_SOURCE_FAMILIES && 2 * started[a] > joined[a]) out[a] = 1;
  return out;
}

/** Families an account must have started to be a source (textSources). */
const MIN_SOURCE_FAMILIES = 2;

/** Characters of real wording a text must have for copying to count (a CJK character counts three). */
const SPECIFIC_LENGTH = 24;


/** The coarsest of minute, second and millisecond on which every time falls. */
export function timeResolution(ts: ArrayLike<number>, n = ts.length): number {
  let minute = true;
  let second = true;
  for (let i = 0; i < n && second; i++) {
    const t = ts[i];
    if (t % 1000 !== 0) second = minute = false;
    else if (minute && t % 60_000 !== 0) minute = false;
  }
  return minute && n > 0 ? 60_000 : second && n > 0 ? 1000 : 1;
}

/**
 * The post each group reacts to, where the data links it: a target equal to a post event's id; for
 * a near-duplicate text family, the post most of its texts reply to. For an account target ("@name"
 * or "name": mentions, follows, reports, or shares in exports that name the author, not the post),
 * the account, whose latest post before each burst is looked up per burst.
 */
function stimuli(table: EventTable, groups: TargetGroups): Pick<NullContext, 'stimulus' | 'stimulusAccount'> & { postTimes: Map<number, Float64Array> } {
  const postAction = table.actionNames.indexOf('post');
  const postTime = new Map<string, number>();
  const lists = new Map<number, number[]>();
  for (let i = 0; i < table.size; i++) {
    if (table.action[i] !== postAction) continue;
    const id = table.id[i];
    if (id !== undefined) postTime.set(id, table.ts[i]);
    const a = table.account[i];
    const list = lists.get(a);
    if (list) list.push(table.ts[i]);
    else lists.set(a, [table.ts[i]]);
  }
  const postTimes = new Map<number, Float64Array>();
  for (const [a, list] of lists) postTimes.set(a, Float64Array.from(list).sort());
  const stimulus = new Float64Array(groups.size).fill(NaN);
  const stimulusAccount = new Int32Array(groups.size).fill(-1);
  if (!lists.size) return { stimulus, stimulusAccount, postTimes };
  const accountIndex = new Map<string, number>();
  for (const a of lists.keys()) accountIndex.set(table.accountNames[a], a);
  // Looked up once per target, not once per episode and action (a day has several of those for
  // each target; at 10 M events the lookups by name were most of building the scoring context).
  const NOT_YET = -2;
  const targetPost = new Float64Array(table.targetNames.length).fill(NaN);
  const targetAccount = new Int32Array(table.targetNames.length).fill(NOT_YET);
  for (let g = 0; g < groups.size; g++) {
    const first = table.ts[groups.order[groups.offset[g]]];
    let t0: number | undefined;
    if (groups.action[g] === 'text') {
      const count = new Map<number, number>();
      for (let k = groups.offset[g]; k < groups.offset[g + 1]; k++) {
        const tg = table.target[groups.order[k]];
        if (tg >= 0) count.set(tg, (count.get(tg) ?? 0) + 1);
      }
      const size = groups.offset[g + 1] - groups.offset[g];
      for (const [tg, n] of count) if (2 * n >= size) t0 = postTime.get(table.targetNames[tg]);
    } else {
      const tg = table.target[groups.order[groups.offset[g]]];
      if (targetAccount[tg] === NOT_YET) {
        const label = table.targetNames[tg];
        const t = postTime.get(label);
        if (t !== undefined) {
          targetPost[tg] = t;
          targetAccount[tg] = -1;
        } else targetAccount[tg] = accountIndex.get(label.startsWith('@') ? label.slice(1) : label) ?? -1;
      }
      if (!Number.isNaN(targetPost[tg])) t0 = targetPost[tg];
      else stimulusAccount[g] = targetAccount[tg];
    }
    if (t0 !== undefined && t0 <= first) stimulus[g] = t0;
  }
  return { stimulus, stimulusAccount, postTimes };
}
