import { createHash } from 'node:crypto';
import type { EventTable } from '../ingest/table.js';
import { TEXT_ACTION, type TargetGroups } from '../graph/groups.js';
import type { ClusterTiming } from '../detect/cluster-test.js';
import type { ClusterVerdict } from '../detect/score.js';
import { textSimilarity } from '../graph/text-similarity.js';
import type { Evidence, ReportCluster, SignalSummary } from './types.js';
import { formatDuration, formatPValue, iso } from './format.js';
import { lowerBound, NULL_MODEL_DEFAULTS } from '../detect/null-model.js';

/** Organic times kept per evidence item: enough to draw a spread, bounded for a crowd of 100k. */
const MAX_OTHERS_AROUND = 100;

/**
 * Non-member actions on the same target around a burst: the neighbourhood the contrast null reads
 * (the burst ± max(2 × its width, 30 min)), evenly thinned. This is what lets an analyst see the
 * organic spread next to the members' burst instead of taking "others spread over 8 h" on trust.
 */
function othersAround(t: EventTable, groups: TargetGroups, g: number, memberSet: Set<number>, events: number[]): string[] {
  let first = Infinity;
  let last = -Infinity;
  for (const i of events) {
    first = Math.min(first, t.ts[i]);
    last = Math.max(last, t.ts[i]);
  }
  const reach = Math.max(NULL_MODEL_DEFAULTS.neighbourFactor * (last - first), NULL_MODEL_DEFAULTS.neighbourMin);
  // An episode's events are in time order (groups.ts), so the neighbourhood is a slice of it.
  const from = lowerBound(t.ts, groups.order, groups.offset[g], groups.offset[g + 1], first - reach);
  const to = lowerBound(t.ts, groups.order, from, groups.offset[g + 1], last + reach + 1);
  const times: number[] = [];
  for (let k = from; k < to; k++) if (!memberSet.has(t.account[groups.order[k]])) times.push(t.ts[groups.order[k]]);
  const step = Math.max(1, times.length / MAX_OTHERS_AROUND);
  const out: string[] = [];
  for (let x = 0; x < times.length && out.length < MAX_OTHERS_AROUND; x += step) out.push(iso(times[Math.floor(x)]));
  return out;
}

/** Stable id: the same members give the same id on every re-run. */
export function clusterId(members: string[]): string {
  return 'c_' + createHash('sha1').update([...members].sort().join('\n')).digest('hex').slice(0, 12);
}

export function signalName(action: string): string {
  return action === TEXT_ACTION ? 'text' : `coaction:${action}`;
}

const VERB: Record<string, string> = {
  share: 'shared',
  reply: 'replied to',
  mention: 'mentioned',
  like: 'liked',
  follow: 'followed',
  report: 'reported',
  post: 'posted on',
  text: 'posted near-identical text in',
};

function textLabel(t: EventTable, g: { events: number[] }): string {
  const sample = t.text[g.events[0]] ?? '';
  return sample.length > 80 ? sample.slice(0, 77) + '…' : sample;
}

/** The report's order of clusters, whichever engine scanned: strongest first, then largest, then by id. */
export function byRank(a: ReportCluster, b: ReportCluster): number {
  return b.score - a.score || b.members.length - a.members.length || (a.id < b.id ? -1 : 1);
}

/** What the report needs of a flagged community (detect/flag.ts FlaggedCommunity). */
export interface FlagToDescribe {
  /** Reported members (account indices). */
  members: number[];
  /** The reported members' own test: their bursts are the evidence listed. */
  timing: ClusterTiming;
  score: number;
  /** The test the score came from (the community as found; `timing` when they are the same). */
  decision?: ClusterTiming;
  /** Clusters this strong expected in uncoordinated data of the same shape (see detect/score.ts). */
  expectedFalse?: number;
  /** Found as a part of a bigger community (detect/parts.ts): that community's size. */
  partOf?: number;
  /** The reading the score came from (detect/score.ts); absent in a slice. */
  reading?: ClusterVerdict['reading'];
  /** Of `members`, how many a copying flag added as its ring's other writers (detect/rings.ts). */
  writers?: number;
  /** Copying flags that wrote the same families, reported as this one ring (detect/rings.ts). */
  ringParts?: number;
}

/** Turns a scored cluster into its report entry: members, signals, evidence, statistics and summary. */
export function describeCluster(t: EventTable, groups: TargetGroups, f: FlagToDescribe, opts: { window: number; maxEvidence: number }): ReportCluster {
  const { members, timing, score, expectedFalse, partOf, reading, writers, ringParts } = f;
  const decision = f.decision ?? timing;
  const names = members.map((m) => t.accountNames[m]).sort();
  // The cluster's synchronised bursts: targets where members were tighter than the null (GroupTiming.burst).
  const bursts = timing.groups.filter((g) => g.burst);
  const signals: Record<string, SignalSummary> = {};
  const wMs = opts.window * 1000;
  // Coordination edges among members: pairs acting within the window in a burst, per signal.
  // Keyed by the pair's account indices (a number): keys made of both names were most of this function.
  const edgeMap = new Map<number, { source: string; target: string; weight: number; signals: Record<string, number> }>();
  let totalPairs = 0;
  for (const g of bursts) {
    const sig = signalName(groups.action[g.group]);
    const s = (signals[sig] ??= { weight: 0, pairs: 0, targets: 0 });
    s.targets++;
    const ev = g.events;
    for (let x = 0; x < ev.length; x++) {
      for (let y = x + 1; y < ev.length && t.ts[ev[y]] - t.ts[ev[x]] <= Math.max(wMs, g.span * 1000); y++) {
        s.pairs++;
        totalPairs++;
        const p = t.account[ev[x]];
        const q = t.account[ev[y]];
        const key = p < q ? p * 67108864 + q : q * 67108864 + p; // 2^26 accounts, as the pair counter
        let e = edgeMap.get(key);
        if (!e) {
          if (edgeMap.size >= 5000) continue;
          let a = t.accountNames[p];
          let b = t.accountNames[q];
          if (a > b) [a, b] = [b, a];
          edgeMap.set(key, (e = { source: a, target: b, weight: 0, signals: {} }));
        }
        e.weight++;
        e.signals[sig] = (e.signals[sig] ?? 0) + 1;
      }
    }
  }
  for (const s of Object.values(signals)) s.weight = totalPairs ? Math.round((s.pairs / totalPairs) * 1000) / 1000 : 0;

  const memberSet = new Set(members);
  const evidence: Evidence[] = bursts.slice(0, opts.maxEvidence).map((g) => {
    const action = groups.action[g.group];
    const isText = action === TEXT_ACTION;
    const item: Evidence = {
      target: isText ? textLabel(t, g) : groups.label[g.group],
      action,
      signal: signalName(action),
      members: g.events.map((i) => {
        const m: { account: string; ts: string; eventId?: string; text?: string } = { account: t.accountNames[t.account[i]], ts: iso(t.ts[i]) };
        if (t.id[i] !== undefined) m.eventId = t.id[i];
        if (t.text[i] !== undefined) m.text = t.text[i];
        return m;
      }),
      spreadSeconds: Math.round(g.span),
      others: g.others,
    };
    if (!isText && g.others > 0) {
      const around = othersAround(t, groups, g.group, memberSet, g.events);
      if (around.length) item.othersAround = around;
    }
    if (isText && g.events.length > 1) {
      // Mean similarity of the first text to up to 19 others: how near-identical the copies are.
      let sum = 0;
      let n = 0;
      for (let k = 1; k < Math.min(g.events.length, 20); k++, n++) sum += textSimilarity(t.text[g.events[0]] ?? '', t.text[g.events[k]] ?? '');
      item.similarity = Math.round((sum / n) * 100) / 100;
    }
    return item;
  });

  let first = Infinity;
  let last = -Infinity;
  for (const g of bursts) for (const i of g.events) {
    first = Math.min(first, t.ts[i]);
    last = Math.max(last, t.ts[i]);
  }
  const statistics = {
    observed: Math.round(timing.observed * 10) / 10,
    expected: Math.round(timing.expected * 10) / 10,
    zScore: Math.round(decision.zScore * 100) / 100,
    pValue: decision.pValue,
    tightness: Math.round(decision.tightness * 1000) / 1000,
    targets: decision.groups.length,
    burstTargets: bursts.length,
    ...(expectedFalse === undefined ? {} : { expectedFalse: Number(expectedFalse.toPrecision(2)) }),
    ...(partOf === undefined ? {} : { partOf }),
    ...(reading === 'copying' ? copyingStatistics(decision.copying) : {}),
    ...(ringParts ? { ringParts } : {}),
    ...(writers ? { ringWriters: writers } : {}),
  };
  return {
    id: clusterId(names),
    score: Math.round(score * 1000) / 1000,
    members: names,
    signals,
    evidence,
    // A part says where it was found: its community as a whole did not stand out (detect/parts.ts).
    ...(reading ? { reading } : {}),
    summary:
      (reading === 'copying' ? summariseCopying(names.length - (writers ?? 0), bursts, decision.copying) : summarise(names.length, bursts, groups, decision)) +
      (ringParts ? ` Found as ${ringParts} communities that wrote in the same families.` : '') +
      (writers ? ` ${writers.toLocaleString('en-US')} more ${writers === 1 ? 'account' : 'accounts'} wrote in two or more of these families and ${writers === 1 ? 'is' : 'are'} listed with them.` : '') +
      (partOf === undefined ? '' : ` Found as a part of a community of ${partOf.toLocaleString('en-US')} accounts that did not stand out as a whole.`),
    statistics,
    ...(Object.keys(decision.bySignal).length
      ? {
          signalStatistics: Object.fromEntries(
            Object.entries(decision.bySignal).map(([a, v]) => [
              signalName(a),
              { zScore: Math.round(v.zScore * 100) / 100, pValue: v.pValue, tightness: Math.round(v.tightness * 1000) / 1000, targets: v.targets },
            ]),
          ),
        }
      : {}),
    ...(bursts.length ? { firstSeen: iso(first), lastSeen: iso(last) } : {}),
    edges: [...edgeMap.values()],
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
}

/** The copying reading's figures (cluster-test.ts CopyingTest), for `statistics`. */
function copyingStatistics(c: ClusterTiming['copying']): Record<string, number> {
  return {
    copyingFamilies: c.families,
    copyingTexts: c.joined,
    copyingAuthors: c.authors,
    copyingExpected: Math.round(c.expected * 10) / 10,
    copyingPValue: Number((10 ** -c.log10p).toPrecision(2)),
    copyingHeld: Math.round(c.held * 100) / 100,
  };
}

/**
 * A cluster flagged by the copying reading, which no timing enters: what it wrote together, against
 * what its share of the day's texts gives. Its families' timing, set against a timing null, would
 * read "slower than the fastest organic crowd; p = 0.5", which says nothing about copying.
 */
export function summariseCopying(size: number, families: ClusterTiming['groups'], c: ClusterTiming['copying']): string {
  const spread = families.length ? `, typically within ${formatDuration(median(families.map((b) => b.span)))} of each other` : '';
  const expected = c.expected < 10 ? c.expected.toFixed(1) : Math.round(c.expected).toLocaleString('en-US');
  return (
    `${size} accounts posted near-identical texts together${spread}: they are ${c.joined.toLocaleString('en-US')} of the ${c.authors.toLocaleString('en-US')} authors of ` +
    `${c.families} near-duplicate text families, where their share of the day's texts would make ${expected}; ${formatPValue(10 ** -c.log10p)}.`
  );
}

/** e.g. "37 accounts shared 24 items, each time within 90 s of each other; organic …; p < 1e-9". */
export function summarise(size: number, bursts: ClusterTiming['groups'], groups: TargetGroups, timing: ClusterTiming): string {
  if (!bursts.length) return `${size} accounts with no synchronised burst (${formatPValue(timing.pValue)}).`;
  const byAction = new Map<string, number>();
  for (const b of bursts) byAction.set(groups.action[b.group], (byAction.get(groups.action[b.group]) ?? 0) + 1);
  const main = [...byAction].sort((a, b) => b[1] - a[1]);
  const what = main
    .slice(0, 2)
    .map(([a, n]) => (a === TEXT_ACTION ? `posted ${n} near-identical text${n > 1 ? 's' : ''}` : `${VERB[a] ?? `did "${a}" on`} ${n} ${a === 'mention' || a === 'follow' || a === 'report' ? 'target' : 'item'}${n > 1 ? 's' : ''}`))
    .join(' and ');
  const spread = formatDuration(median(bursts.map((b) => b.span)));
  // Say which yardstick most bursts were measured against, and what it gave on those bursts (the
  // floor's 2 min and a stimulus null's hours do not mix into one median).
  const tests = new Map<string, number>();
  for (const b of bursts) tests.set(b.test, (tests.get(b.test) ?? 0) + 1);
  const test = [...tests].sort((a, b) => b[1] - a[1])[0][0];
  const nullSpread = formatDuration(median(bursts.filter((b) => b.test === test).map((b) => b.nullSpan)));
  const background =
    test === 'contrast'
      ? `other accounts on the same items around those times were spread over ${nullSpread}`
      : test === 'stimulus'
        ? `organic reactions to the same posts at the same delay would spread over ${nullSpread}`
        : `even the fastest organic crowd would spread over ${nullSpread}`;
  return `${size} accounts ${what}, typically within ${spread} of each other; ${background}; ${formatPValue(timing.pValue)}.`;
}
