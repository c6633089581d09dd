import { createRng, pick } from './prng.js';
import { TK, type EventStore } from './store.js';
import type { Truth } from './types.js';

/**
 * Export quirks: how a platform or a data vendor wrote the activity out. Real exports rarely
 * link a reaction to the post it reacts to, often name only the account reacted to, and round
 * times. One generated world can be rendered under any combination.
 *
 * - stimulus `linked`: a reaction's target is the id of the post event it reacts to;
 *   `unlinked`: the post is in the data but reactions target an opaque thread id (the export
 *   numbered its own rows), so nothing links them; `absent`: posts that were reacted to are
 *   not in the data (posted before the slice began).
 * - targets `fine`: a post, a URL; `coarse`: reactions to a post target its author's account
 *   (`@name` or `name`), links target their domain, so one target holds many stimuli.
 * - resolution: timestamps floored to the millisecond, second or minute.
 */
export const STIMULI = ['linked', 'unlinked', 'absent'] as const;
export const GRAINS = ['fine', 'coarse'] as const;
export const RESOLUTIONS = ['ms', 's', 'min'] as const;
export type Stimulus = (typeof STIMULI)[number];
export type TargetGrain = (typeof GRAINS)[number];
export type TimeResolution = (typeof RESOLUTIONS)[number];

export interface ExportQuirks {
  stimulus: Stimulus;
  targets: TargetGrain;
  resolution: TimeResolution;
  /** Coarse account targets as `@name` or as the bare name. */
  accountStyle: 'at' | 'bare';
  /** Salt of the opaque thread ids (unlinked). */
  salt: number;
}

/** What the generator always wrote before quirks existed. */
export const CLEAN_EXPORT: ExportQuirks = { stimulus: 'linked', targets: 'fine', resolution: 'ms', accountStyle: 'at', salt: 0 };

/** True for the clean export (linked, fine, ms): what the fixed presets always wrote. */
export const isClean = (q: ExportQuirks): boolean => q.stimulus === 'linked' && q.targets === 'fine' && q.resolution === 'ms';

/**
 * Quirks drawn per seed (and per `stream`, e.g. scenario and size, so a few seeds cover many
 * combinations), each value equally likely; `fixed` pins any of them.
 */
export function drawExport(seed: number, fixed: Partial<ExportQuirks> = {}, stream = ''): ExportQuirks {
  let h = 0xe4a0;
  for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 16777619) >>> 0;
  const r = createRng(seed, h);
  const drawn: ExportQuirks = {
    stimulus: pick(r, STIMULI), targets: pick(r, GRAINS), resolution: pick(r, RESOLUTIONS),
    accountStyle: pick(r, ['at', 'bare'] as const), salt: Math.floor(r() * 2 ** 32),
  };
  return { ...drawn, ...fixed };
}

const QUANTUM: Record<TimeResolution, number> = { ms: 1, s: 1000, min: 60_000 };

export function timeRenderer(q: ExportQuirks): (ts: number) => number {
  const k = QUANTUM[q.resolution];
  return k === 1 ? (ts) => ts : (ts) => Math.floor(ts / k) * k;
}

/** A bijection on 32-bit integers: distinct posts keep distinct thread ids that reveal nothing. */
function mix32(x: number, salt: number): number {
  x = (x ^ salt) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

export const threadId = (rank: number, salt: number): string => `t_${mix32(rank, salt).toString(36)}`;

const domainOf = (url: string): string => {
  const m = /^[a-z]+:\/\/([^/?#]+)/i.exec(url);
  return m ? m[1] : url;
};

/** Renders event i's target under the quirks (undefined for events without one). */
export function targetRenderer(s: EventStore, rd: { rank: Uint32Array; quirks: ExportQuirks }): (i: number) => string | undefined {
  const { rank, quirks: q } = rd;
  const account = (idx: number) => (q.accountStyle === 'at' ? `@${s.accounts[idx].name}` : s.accounts[idx].name);
  const post = q.targets === 'coarse'
    ? (ref: number) => account(s.account[ref])
    : q.stimulus === 'unlinked'
      ? (ref: number) => threadId(rank[ref], q.salt)
      : (ref: number) => `e${rank[ref]}`;
  const domains = q.targets === 'coarse' ? s.externals.map(domainOf) : s.externals;
  return (i) => {
    const ref = s.tref[i];
    switch (s.tkind[i]) {
      case TK.post: return post(ref);
      case TK.account: return s.accounts[ref].name;
      case TK.mention: return `@${s.accounts[ref].name}`;
      case TK.external: return domains[ref];
      default: return undefined;
    }
  };
}

/** `order` without the posts anything reacts to (the `absent` export). */
export function withoutStimuli(s: EventStore, order: Uint32Array): Uint32Array {
  const reacted = new Uint8Array(s.size);
  for (let i = 0; i < s.size; i++) if (s.tkind[i] === TK.post) reacted[s.tref[i]] = 1;
  return order.filter((i) => !reacted[i]);
}

/**
 * The truth of what was exported: roles and members restricted to accounts that still appear
 * (an `absent` export drops outlets and creators who only posted), the quirks in params.export.
 */
export function exportedTruth(truth: Truth, s: EventStore, rd: { order: Uint32Array; quirks: ExportQuirks }): Truth {
  const seen = new Uint8Array(s.accounts.length);
  for (const i of rd.order) seen[s.account[i]] = 1;
  const live = new Set(s.accounts.filter((a) => seen[a.idx]).map((a) => a.name));
  const keep = <T extends { members: string[] }>(g: T): T => ({ ...g, members: g.members.filter((m) => live.has(m)) });
  const roles: Truth['roles'] = {};
  for (const [a, r] of Object.entries(truth.roles)) if (live.has(a)) roles[a] = r;
  return {
    ...truth,
    params: { ...truth.params, export: { ...rd.quirks } },
    events: rd.order.length,
    campaigns: truth.campaigns.map(keep),
    lookalikes: truth.lookalikes.map(keep),
    roles,
  };
}
