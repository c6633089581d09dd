import { describe, expect, it } from 'vitest';
import { actionWeights } from '../../src/graph/coaction.js';
import { groupByTarget } from '../../src/graph/groups.js';
import { buildNullContext, clusterTiming } from '../../src/detect/cluster-test.js';
import { testBurst } from '../../src/detect/null-model.js';
import { timeResolution } from '../../src/detect/null-context.js';
import { specificLength } from '../../src/graph/specific-length.js';
import { createRng } from '../../src/detect/rng.js';
import { clusterVerdict } from '../../src/detect/score.js';
import { tableFromEvents } from '../../src/ingest/table.js';
import type { ActivityEvent } from '../../src/ingest/types.js';

const T0 = Date.UTC(2024, 0, 1, 12);
const MIN = 60_000;

/** Tests the members' burst on the one target `item` of a hand-made episode. */
function verdict(events: ActivityEvent[], members: string[], target = 'item') {
  const table = tableFromEvents(events);
  const groups = groupByTarget(table, undefined, 1_800_000);
  const ctx = buildNullContext(table, groups, actionWeights(table));
  const g = groups.label.findIndex((l, i) => l === target && groups.action[i] !== 'post');
  const index = new Map(table.accountNames.map((n, i) => [n, i]));
  const m = new Set(members.map((n) => index.get(n)!));
  const times: number[] = [];
  for (let k = groups.offset[g]; k < groups.offset[g + 1]; k++) if (m.has(table.account[groups.order[k]])) times.push(table.ts[groups.order[k]]);
  return testBurst(ctx, g, times.sort((a, b) => a - b), (a) => m.has(a), createRng(7), 40, 60_000);
}

const share = (account: string, ts: number, target = 'item'): ActivityEvent => ({ id: `${account}-${target}-${ts}`, account, action: 'share', target, ts });
/** Log-normal-ish organic delays: deterministic quantiles of median·exp(σZ). */
const spread = (n: number, median: number, sigma: number) => Array.from({ length: n }, (_, i) => median * Math.exp(sigma * 1.6 * ((i + 0.5) / n - 0.5) * 2));

describe('null model: contrast (the reactions around a burst)', () => {
  it('a push of 10 accounts within 4½ minutes amid 60 outsiders spread over the hour is tight', () => {
    // Wider than the floor (a 2-min median crowd): only the outsiders around it can tell.
    const ev = [...Array.from({ length: 10 }, (_, k) => share(`op${k}`, T0 + 20 * MIN + k * 30_000)), ...Array.from({ length: 60 }, (_, k) => share(`o${k}`, T0 + k * MIN))];
    const v = verdict(ev, Array.from({ length: 10 }, (_, k) => `op${k}`));
    expect(v.test).toBe('contrast');
    expect(v.z).toBeGreaterThanOrEqual(2);
    expect(v.asTight).toBe(0);
  });

  it('members who are a random part of the same crowd are not', () => {
    const ev = Array.from({ length: 60 }, (_, k) => share(`a${k}`, T0 + k * 40_000));
    const members = Array.from({ length: 12 }, (_, k) => `a${k * 5}`);
    expect(verdict(ev, members).z).toBeLessThan(2);
  });

  it('a burst inside a bigger wave is the wave’s: the early part of a crowd is not a campaign', () => {
    // 100 accounts react to one stimulus within 3 minutes, 20 of them first; a slow tail follows.
    const wave = [...Array.from({ length: 100 }, (_, k) => share(`w${k}`, T0 + k * 1800)), ...Array.from({ length: 40 }, (_, k) => share(`t${k}`, T0 + 10 * MIN + k * 2 * MIN))];
    const v = verdict(wave, Array.from({ length: 20 }, (_, k) => `w${k * 5}`));
    expect(v.test).not.toBe('contrast');
    expect(v.crowd).toBeGreaterThan(20);
  });
});

describe('null model: stimulus (the post reacted to)', () => {
  /** A creator's two posts 6 h apart, fans replying to the account; `stragglers` of them late to the first. */
  function fans(stragglers: number): ActivityEvent[] {
    const post = (ts: number): ActivityEvent => ({ id: `p${ts}`, account: 'creator', action: 'post', ts, text: 'a new video is up' });
    const reply = (who: string, ts: number): ActivityEvent => ({ id: `${who}-${ts}`, account: who, action: 'reply', target: '@creator', ts, text: 'love it' });
    const late = Array.from({ length: stragglers }, (_, k) => reply(`f${k}`, T0 + 6 * 60 * MIN - (10 - k) * MIN));
    // The rest answer the second post with organic delays (median 3 min, log-sd 0.75).
    const prompt = spread(30, 3 * MIN, 0.75).map((d, k) => reply(`f${stragglers + k}`, T0 + 6 * 60 * MIN + d));
    return [post(T0), post(T0 + 6 * 60 * MIN), ...late, ...prompt];
  }
  const members = (n: number) => Array.from({ length: n }, (_, k) => `f${k}`);

  it('a fan base answering the account’s new post within minutes is read against that post, not an earlier one, even with stragglers ahead of it', () => {
    // Without stragglers the second post is the latest before the first reply: an ordinary delay.
    expect(verdict(fans(0), members(30), '@creator').z).toBeLessThan(2);
    // Two fans still answering the first post come first; the burst answers the second post all the same.
    const v = verdict(fans(2), members(32), '@creator');
    expect(v.test).not.toBe('stimulus');
    expect(v.z).toBeLessThan(2);
  });
});

describe('null model: floor (the fastest organic crowd)', () => {
  it('12 accounts within 3 s, with no one else around, are automation-grade', () => {
    const v = verdict(Array.from({ length: 12 }, (_, k) => share(`b${k}`, T0 + k * 250)), Array.from({ length: 12 }, (_, k) => `b${k}`));
    expect(v.test).toBe('floor');
    expect(v.z).toBeGreaterThanOrEqual(2);
  });

  it('a fan base answering over 10 minutes, with no one else around, gives no evidence either way', () => {
    const delays = spread(30, 5 * MIN, 0.6);
    const v = verdict(delays.map((d, k) => share(`f${k}`, T0 + Math.round(d))), delays.map((_, k) => `f${k}`));
    expect(v.z).toBe(0);
    expect(v.informative).toBe(false);
  });

  it('on minute timestamps, a push over three clock minutes, with tails as wide as the floor’s, ties with it: no evidence either way', () => {
    // 40 accounts over two and a half minutes, on the clock at 12:00, 12:01 and 12:02, with a few
    // stragglers three and five minutes on: a core of two ticks and tails as wide as most of the
    // floor's draws (a 2-min median crowd), so nothing tells the push from the fastest organic crowd.
    const at = (k: number) => (k < 11 ? 0 : k < 22 ? MIN : k < 33 ? 2 * MIN : k < 37 ? 3 * MIN : 5 * MIN);
    const ev = Array.from({ length: 40 }, (_, k) => share(`c${k}`, T0 + at(k)));
    const v = verdict(ev, ev.map((e) => e.account));
    // As many of the floor's draws are tighter as are wider: the push says nothing either way.
    expect(v.z).toBeLessThan(0.5);
    expect(v.asTight).toBeGreaterThan(10);
  });

  it('on minute timestamps, ties on the core are broken by the whole span: 40 accounts inside two clock minutes are beyond the floor', () => {
    // The same push without stragglers: the floor's 40 reactions put their core inside one tick as
    // often, but their tails spill over into a third minute nearly always.
    const ev = Array.from({ length: 40 }, (_, k) => share(`c${k}`, T0 + (k < 20 ? 0 : MIN)));
    const v = verdict(ev, ev.map((e) => e.account));
    expect(v.test).toBe('floor');
    expect(v.informative).toBe(true);
    // Weak evidence (a few draws fit into two minutes too): repetition has to carry the case.
    expect(v.asTight).toBeLessThan(10);
    expect(v.z).toBeGreaterThan(1);
  });

  it('on minute timestamps, 40 accounts inside one minute are beyond the floor', () => {
    const v = verdict(Array.from({ length: 40 }, (_, k) => share(`s${k}`, T0)), Array.from({ length: 40 }, (_, k) => `s${k}`));
    expect(v.informative).toBe(true);
    expect(v.z).toBeGreaterThan(1.5);
  });

  it('draws at the data’s resolution: on minute timestamps, a same-minute pair is weak evidence', () => {
    const v = verdict([share('p', T0), share('q', T0)], ['p', 'q']);
    expect(v.z).toBeGreaterThan(0);
    expect(v.z).toBeLessThan(1.5);
  });
});

describe('null model: stimulus (the post reacted to, when the data links it)', () => {
  const post: ActivityEvent = { id: 'P', account: 'creator', action: 'post', ts: T0, text: 'hello' };
  it('fans answering a linked post with organic spread are ordinary', () => {
    const delays = spread(25, 15 * MIN, 0.9);
    const ev = [post, ...delays.map((d, k) => share(`f${k}`, T0 + Math.round(d), 'P'))];
    expect(verdict(ev, delays.map((_, k) => `f${k}`), 'P').z).toBeLessThan(2);
  });

  it('a push 20 minutes after the post, all within 60 s, is not', () => {
    const ev = [post, ...Array.from({ length: 15 }, (_, k) => share(`op${k}`, T0 + 20 * MIN + k * 4000, 'P'))];
    const v = verdict(ev, Array.from({ length: 15 }, (_, k) => `op${k}`), 'P');
    expect(v.z).toBeGreaterThanOrEqual(2);
  });

  it('where the floor and the stimulus null both find a push as unusual as a burst can be, the one it is further beyond decides', () => {
    // 30 accounts within 45 s, 10 minutes after the post: beyond a 2-min crowd (the floor) and far
    // beyond a crowd answering the post at a 10-min delay; the second says more, and the report
    // explains the cluster by it.
    const ev = [post, ...Array.from({ length: 30 }, (_, k) => share(`op${k}`, T0 + 10 * MIN + k * 1500, 'P'))];
    const v = verdict(ev, Array.from({ length: 30 }, (_, k) => `op${k}`), 'P');
    expect(v.z).toBe(3);
    expect(v.test).toBe('stimulus');
    expect(v.nullSpan).toBeGreaterThan(300);
  });
});

describe('null model: an unseen trigger (a re-share the data does not show)', () => {
  const post: ActivityEvent = { id: 'P', account: 'creator', action: 'post', ts: T0, text: 'hello' };
  const members = (n: number) => Array.from({ length: n }, (_, k) => `m${k}`);

  it('a community passing a day-old post around over a quarter of an hour says nothing: tight against the post’s age, not against a trigger of its own', () => {
    // 30 friends re-share it a day later with delays of a fast real crowd after the friend who
    // posted it in their group (median 6 min, log-sd 0.6): no one else around.
    const ev = [post, ...spread(30, 6 * MIN, 0.6).map((d, k) => share(`m${k}`, T0 + 24 * 60 * MIN + Math.round(d), 'P'))];
    const v = verdict(ev, members(30), 'P');
    expect(v.informative).toBe(false);
    expect(v.z).toBe(0);
  });

  it('the same community within 2 minutes of each other is beyond a trigger of its own: the stimulus null decides', () => {
    const ev = [post, ...Array.from({ length: 30 }, (_, k) => share(`m${k}`, T0 + 24 * 60 * MIN + k * 4000, 'P'))];
    const v = verdict(ev, members(30), 'P');
    expect(v.informative).toBe(true);
    expect(v.test).toBe('stimulus');
    expect(v.z).toBeGreaterThanOrEqual(2);
  });

  it('amid scattered outsiders too: a 15-minute wave is not a push, a 2-minute one is', () => {
    const around = Array.from({ length: 40 }, (_, k) => share(`x${k}`, T0 + k * 3 * MIN));
    const slow = [...around, ...spread(25, 6 * MIN, 0.6).map((d, k) => share(`m${k}`, T0 + 50 * MIN + Math.round(d)))];
    expect(verdict(slow, members(25)).informative).toBe(false);
    const fast = [...around, ...Array.from({ length: 25 }, (_, k) => share(`m${k}`, T0 + 50 * MIN + k * 5000))];
    const v = verdict(fast, members(25));
    expect(v.test).toBe('contrast');
    expect(v.z).toBeGreaterThanOrEqual(2);
  });
});

describe('timeResolution', () => {
  it('names the coarsest unit every time falls on', () => {
    expect(timeResolution([T0, T0 + MIN, T0 + 7 * MIN])).toBe(60_000);
    expect(timeResolution([T0, T0 + 1000])).toBe(1000);
    expect(timeResolution([T0, T0 + 1])).toBe(1);
    expect(timeResolution([])).toBe(1);
  });
});

describe('copying (repeated near-duplicate text)', () => {
  it('specificLength ignores handles, links, emoji and punctuation; a CJK character counts three', () => {
    expect(specificLength('@someone so true!!! 😂 https://x.example/a')).toBe('so true'.length);
    expect(specificLength('说得对')).toBe(9);
    // The same insult in Chinese and English: both specific enough, or neither.
    expect(specificLength('@victim 你就是个小丑！没人问你')).toBeGreaterThanOrEqual(24);
    expect(specificLength('@victim you are a clown! nobody asked')).toBeGreaterThanOrEqual(24);
  });

  /**
   * `waves` near-identical posts, each by `per` of the ring (rotating), amid organic text families.
   * With `quoting`, an outlet posts each headline and readers paste it with a comment, without
   * quotation marks (with them, only the comments would be compared: quotations.ts).
   */
  function ring(waves: number, per: number, quoting: boolean): ActivityEvent[] {
    const out: ActivityEvent[] = [];
    const texts = ['they dont want you to know what is in the water supply', 'the elections were decided before anyone voted at all', 'mainstream media hides the truth about the fires again'];
    for (let w = 0; w < waves; w++) {
      const t = T0 + w * 3 * 3_600_000;
      if (quoting) out.push({ id: `src${w}`, account: 'outlet', action: 'post', ts: t, text: `${texts[w % 3]} number ${w} (developing)` });
      for (let k = 0; k < per; k++) {
        const who = `r${(w * 3 + k) % 12}`;
        const body = quoting ? `${texts[w % 3]} number ${w} ${['wow', 'unreal', 'finally', 'about time'][k % 4]}` : `${texts[w % 3]} number ${w}${'!'.repeat(k % 3)}`;
        out.push({ id: `${who}-${w}`, account: who, action: 'post', ts: t + (quoting ? 5 * MIN : 0) + k * 20_000, text: body });
      }
    }
    // Organic background: each of 200 people writes their own words.
    for (let i = 0; i < 200; i++) out.push({ id: `o${i}`, account: `o${i}`, action: 'post', ts: T0 + i * 97_000, text: `my own thoughts on topic ${i} today, nothing like anyone else ${i * 7919}` });
    return out;
  }

  function copying(events: ActivityEvent[], members: string[]) {
    return copyingTiming(events, members).copying;
  }

  function copyingTiming(events: ActivityEvent[], members: string[], exposure = false) {
    const table = tableFromEvents(events);
    // Text families by hand: one per wave (what findTextGroups would find).
    const family = new Int32Array(table.size).fill(-1);
    for (let i = 0; i < table.size; i++) {
      const m = /number (\d+)/.exec(table.text[i] ?? '');
      if (m) family[i] = Number(m[1]);
    }
    const groups = groupByTarget(table, family, 1_800_000);
    const ctx = buildNullContext(table, groups, actionWeights(table));
    const index = new Map(table.accountNames.map((n, i) => [n, i]));
    return clusterTiming(ctx, members.map((m) => index.get(m)!), createRng(3), { window: 60, draws: 20, exposure });
  }

  it('a ring posting the same words wave after wave is far beyond chance', () => {
    const c = copying(ring(8, 6, false), Array.from({ length: 12 }, (_, k) => `r${k}`));
    expect(c.families).toBe(8);
    expect(c.log10p).toBeGreaterThan(5);
    expect(c.concentration).toBeLessThan(0.5);
    expect(c.held).toBe(1);
  });

  it('a sliver of a crowd writing a common wording holds a little of each family: significant, yet no ring', () => {
    // Every hour 40 people write in the day's stock phrases; four of them, spread over the wave, are
    // always from the same 12 (a community found through those very families), the rest anyone.
    const phrases = ['great point cant stop laughing', 'cant stop laughing great point', 'thanks for sharing cant stop laughing'];
    const out: ActivityEvent[] = [];
    for (let w = 0; w < 8; w++) {
      const t = T0 + w * 3_600_000;
      for (let k = 0; k < 40; k++) {
        const who = k % 13 === 0 ? `r${(w * 4 + k / 13) % 12}` : `c${w * 40 + k}`;
        out.push({ id: `${who}-${w}`, account: who, action: 'post', ts: t + k * 45_000, text: `${phrases[k % 3]} number ${w}` });
      }
    }
    // A big day: the members write a small share of its texts, so their slivers stand out.
    for (let i = 0; i < 5000; i++) out.push({ id: `o${i}`, account: `o${i}`, action: 'post', ts: T0 + i * 9_000, text: `my own thoughts on topic ${i} today, nothing like anyone else ${i * 7919}` });
    const timing = copyingTiming(out, Array.from({ length: 12 }, (_, k) => `r${k}`));
    expect(timing.copying.families).toBe(8);
    expect(timing.copying.log10p).toBeGreaterThan(5);
    expect(timing.copying.held).toBeCloseTo(4 / 40, 6);
    expect(clusterVerdict(timing, 10, 1800).score).toBeLessThan(0.5);
    // The same 12 writing such families by themselves, within seconds, are a ring.
    const ring = out.filter((e) => e.account.startsWith('o'));
    for (let w = 0; w < 8; w++) for (let k = 0; k < 4; k++) ring.push({ id: `r-${w}-${k}`, account: `r${(w * 4 + ((k + w) % 4)) % 12}`, action: 'post', ts: T0 + w * 3_600_000 + k * 20_000, text: `${phrases[k % 3]} number ${w}` });
    expect(clusterVerdict(copyingTiming(ring, Array.from({ length: 12 }, (_, k) => `r${k}`)), 10, 1800).score).toBe(1);
  });

  it('how whole a group holds its families is read without the one it holds most: a group carved out of one family is no ring', () => {
    // 12 readers who picked the same long stock comment on one story (Louvain finds them through
    // that family's text edges: 12 of its 22 authors), and two or three of them in each of four
    // other families of 30 authors.
    const out: ActivityEvent[] = [];
    for (let k = 0; k < 22; k++) out.push({ id: `f0-${k}`, account: k < 12 ? `r${k}` : `c0-${k}`, action: 'post', ts: T0 + k * 30_000, text: 'what does this mean for all of us number 0' });
    for (let w = 1; w <= 4; w++)
      for (let k = 0; k < 30; k++) {
        const who = k < 2 + (w % 2) ? `r${(w * 3 + k) % 12}` : `c${w}-${k}`;
        out.push({ id: `f${w}-${k}`, account: who, action: 'post', ts: T0 + w * 3_600_000 + k * 30_000, text: `what does this mean for all of us number ${w}` });
      }
    for (let i = 0; i < 5000; i++) out.push({ id: `o${i}`, account: `o${i}`, action: 'post', ts: T0 + i * 9_000, text: `my own thoughts on topic ${i} today, nothing like anyone else ${i * 7919}` });
    const members = Array.from({ length: 12 }, (_, k) => `r${k}`);
    const timing = copyingTiming(out, members);
    expect(timing.copying.families).toBe(5);
    // With the big family: (12²/22 + 2·2²/30 + 2·3²/30) / 22 ≈ 0.33, a ring's wholeness (score 1 at these odds).
    expect(timing.copying.held).toBeCloseTo((2 * 4 / 30 + 2 * 9 / 30) / 10, 6);
    expect(clusterVerdict(timing, 10, 1800).score).toBeLessThan(0.5);
    // A ring holds its other families as wholly as its biggest: 8 waves of 6 of its 12, alone.
    expect(copying(ring(8, 6, false), members).held).toBe(1);
  });

  it('read against the answers they were among (a community\'s part), fans answering their creator alike are ordinary; a ring\'s own posts are not', () => {
    // A creator posts 8 times; each post is answered by 6 of its 12 fans and 2 passers-by, all in
    // the same stock phrases (one family per post), amid a big day of other texts.
    const out: ActivityEvent[] = [];
    const fans = Array.from({ length: 12 }, (_, k) => `f${k}`);
    for (let w = 0; w < 8; w++) {
      const t = T0 + w * 3_600_000;
      out.push({ id: `post${w}`, account: 'creator', action: 'post', ts: t, text: `my new video is out now, episode ${w}` });
      const who = [...fans.slice((w * 5) % 12), ...fans].slice(0, 6).concat([`p${w}a`, `p${w}b`]);
      who.forEach((a, k) => out.push({ id: `${a}-${w}`, account: a, action: 'reply', target: `post${w}`, ts: t + (k + 1) * 4 * MIN, text: `great point cant stop laughing number ${w}` }));
    }
    for (let i = 0; i < 5000; i++) out.push({ id: `o${i}`, account: `o${i}`, action: 'post', ts: T0 + i * 9_000, text: `my own thoughts on topic ${i} today, nothing like anyone else ${i * 7919}` });
    const day = copyingTiming(out, fans).copying;
    const answers = copyingTiming(out, fans, true).copying;
    expect(day.families).toBe(8);
    expect(day.log10p).toBeGreaterThan(5);
    expect(answers.log10p).toBeLessThan(1);
    // Posts answer nobody: the day's share stays the yardstick, with or without exposure.
    const posts = out.map((e) => (e.action === 'reply' ? { ...e, action: 'post', target: undefined } : e));
    expect(copyingTiming(posts, fans, true).copying.log10p).toBeGreaterThan(5);
  });

  /**
   * Nine stories, story w posted by outlet w mod `outlets` and pasted with a comment by `perStory`
   * of ten readers at `lag(w, k)` after it, amid 200 people writing their own words.
   */
  function outletsRead(outlets: number, perStory: number, lag: (w: number, k: number) => number): ActivityEvent[] {
    const out: ActivityEvent[] = [];
    const texts = ['central bank announces a surprise rate cut today', 'football club blocks the controversial stadium law', 'storm makes landfall on the coast overnight'];
    for (let w = 0; w < 9; w++) {
      const t = T0 + w * 3_600_000;
      out.push({ id: `src${w}`, account: `outlet${w % outlets}`, action: 'post', ts: t, text: `${texts[w % 3]} number ${w} (developing)` });
      for (let k = 0; k < perStory; k++) {
        const who = `r${(w * 2 + k) % 10}`;
        out.push({ id: `${who}-${w}`, account: who, action: 'post', ts: t + lag(w, k), text: `${texts[w % 3]} number ${w} ${['wow', 'unreal', 'finally', 'about time', 'oh no'][k]}` });
      }
    }
    for (let i = 0; i < 200; i++) out.push({ id: `o${i}`, account: `o${i}`, action: 'post', ts: T0 + i * 97_000, text: `my own thoughts on topic ${i} today, nothing like anyone else ${i * 7919}` });
    return out;
  }

  it('readers quoting three outlets are quoting sources, even on the stories a reader quoted within seconds', () => {
    // One story of each outlet has a reader 20 s behind it, inside the 60-s window.
    const out = outletsRead(3, 4, (w, k) => (w % 4 === 0 && k === 0 ? 20_000 : 3 * MIN) + k * 40_000);
    const members = ['outlet0', 'outlet1', 'outlet2', ...Array.from({ length: 10 }, (_, k) => `r${k}`)];
    expect(copying(out, members).families).toBe(0);
  });

  it('readers pasting the headlines of four outlets, each starting two or three families, are repeating sources', () => {
    // Each outlet posts two or three stories, read within the minute: none starts three of the
    // group's families a window ahead, which the group's regular sources do.
    const out = outletsRead(4, 5, (_, k) => 30_000 + k * 40_000);
    const readers = Array.from({ length: 10 }, (_, k) => `r${k}`);
    expect(copying(out, readers).families).toBe(0);
    // Among the members, a source is one a window ahead of the readers (a bot farm's first bot
    // starts every wave too, by seconds): these outlets are read 30 s after posting.
    expect(copying(out, ['outlet0', 'outlet3', ...readers]).families).toBe(5);
    const later = out.map((e) => (e.account.startsWith('r') ? { ...e, ts: e.ts + 2 * MIN } : e));
    expect(copying(later, ['outlet0', 'outlet3', ...readers]).families).toBe(0);
    // Control: where the first text of each wave is by an account that mostly joins waves others
    // started (the rest of a ring that Louvain split off: each of three starts three waves and
    // joins six), it is no source, and the waves count.
    const split = out.map((e) => (e.account.startsWith('outlet') ? { ...e, account: `x${Number(e.id!.slice(3)) % 3}` } : e));
    for (let w = 0; w < 9; w++) {
      const story = out.find((e) => e.id === `src${w}`)!;
      for (const x of [(w + 1) % 3, (w + 2) % 3]) split.push({ ...story, id: `x${x}-late-${w}`, account: `x${x}`, ts: story.ts + (4 + x) * MIN });
    }
    expect(copying(split, readers).families).toBe(9);
  });

  it('readers quoting one outlet’s headlines are quoting a source, not copying', () => {
    const members = ['outlet', ...Array.from({ length: 12 }, (_, k) => `r${k}`)];
    expect(copying(ring(8, 6, true), members).families).toBe(0);
  });

  it('readers quoting headlines in quotation marks, with the outlet absent, write only their comments', () => {
    const members = Array.from({ length: 12 }, (_, k) => `r${k}`);
    const pasted = ring(8, 6, true).filter((e) => e.account !== 'outlet');
    // Pasted bare, the headline is their wording: eight families, and no source in the data to say so.
    expect(copying(pasted, members).families).toBe(8);
    const marked = pasted.map((e) => ({ ...e, text: e.text!.replace(/^(.* number \d+) /, '"$1" ') }));
    expect(marked[0].text).toMatch(/^".* number \d+" \w/);
    expect(copying(marked, members).families).toBe(0);
  });

  /** Readers who share each story and then quote its headline; the stories' posts are not in the data. */
  function sharedThenQuoted(sameItem: boolean): ActivityEvent[] {
    const out = ring(8, 6, true).filter((e) => e.account !== 'outlet');
    for (const e of [...out]) {
      const m = /^(r\d+)-(\d+)$/.exec(e.id ?? '');
      if (!m) continue;
      // Shared a minute before writing: the story itself, or (control) some item of their own.
      const target = sameItem ? `story${m[2]}` : `item-${m[1]}-${m[2]}`;
      out.push({ id: `${e.id}-share`, account: m[1], action: 'share', target, ts: e.ts - MIN });
    }
    return out;
  }

  it('readers quoting the headlines of stories they shared are commenting on them, even with the stories’ posts absent', () => {
    const members = Array.from({ length: 12 }, (_, k) => `r${k}`);
    expect(copying(sharedThenQuoted(true), members).families).toBe(0);
    // Sharing something before writing is not enough: it must be the same item for most of them.
    expect(copying(sharedThenQuoted(false), members).families).toBe(8);
  });
});
