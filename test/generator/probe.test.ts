import { describe, expect, it } from 'vitest';
import { CLEAN_EXPORT, events, generate, prepare, type GeneratedEvent } from '../../scripts/generator/index.js';
import { probeTweak } from '../../scripts/eval/run.js';

// The quotes probes (npm run eval -- --probe quotes-unshared | headlines-pasted): news readers who
// quote a headline do not share the story (and, pasted, write it without quotation marks). (The background fill then makes up the events, so the rest of the world is
// drawn alike but not event for event.)
const SEED = 12;
const render = (unshared: boolean, pasted = false): GeneratedEvent[] => {
  const g = generate({ scenario: 'cjk', seed: SEED, randomised: true, accounts: 3_000, tweak: probeTweak(pasted ? 'headlines-pasted' : unshared ? 'quotes-unshared' : undefined) });
  return [...events(g.world.store, prepare(g.world.store, 'time', SEED, { ...CLEAN_EXPORT, salt: 1 }))];
};

/** Quote posts, and how many of them follow a share, by their author, of a story with that headline. */
function quotes(evs: GeneratedEvent[], pasted = false): { quotes: number; afterShare: number } {
  const storiesOf = new Map<string, Set<string>>(); // headline → story post ids
  for (const e of evs) {
    const m = e.action === 'post' && e.text ? /^(.+) (?:（快讯）|\(developing\))$/.exec(e.text) : null;
    if (m) storiesOf.set(m[1], (storiesOf.get(m[1]) ?? new Set()).add(e.id));
  }
  const shared = new Map<string, number>(); // account|story → first share time
  for (const e of evs) if (e.action === 'share' && e.target) shared.set(`${e.account}|${e.target}`, Math.min(e.ts, shared.get(`${e.account}|${e.target}`) ?? Infinity));
  let n = 0;
  let afterShare = 0;
  for (const e of evs) {
    let stories: Set<string> | undefined;
    if (e.action === 'post' && e.text && !pasted) {
      const m = /「(.+?)」|"(.+?)"/.exec(e.text);
      stories = m ? storiesOf.get(m[1] ?? m[2]) : undefined;
    } else if (e.action === 'post' && e.text && !/（快讯）|\(developing\)/.test(e.text)) {
      // Pasted: a text holding a story's headline, not the story itself.
      for (const [head, ids] of storiesOf) if (e.text.includes(head)) stories = ids;
    }
    if (!stories) continue;
    n++;
    if ([...stories].some((s) => (shared.get(`${e.account}|${s}`) ?? Infinity) <= e.ts)) afterShare++;
  }
  return { quotes: n, afterShare };
}

describe('the quotes probe', () => {
  it('keeps the quotes and drops the shares they followed', () => {
    const base = quotes(render(false));
    const probe = quotes(render(true));
    expect(base.quotes).toBeGreaterThan(50);
    // The benchmark's readers share a story, then quote its headline; the probe's do not share it.
    expect(base.afterShare).toBe(base.quotes);
    expect(probe.quotes).toBe(base.quotes);
    expect(probe.afterShare).toBeLessThanOrEqual(0.05 * probe.quotes);
  });

  it('headlines-pasted: the same quotes, unshared, with the headline pasted without quotation marks', () => {
    const base = quotes(render(false));
    const pasted = render(true, true);
    expect(pasted.some((e) => e.text && /「|"/.test(e.text))).toBe(false);
    const probe = quotes(pasted, true);
    expect(probe.quotes).toBe(base.quotes);
    expect(probe.afterShare).toBeLessThanOrEqual(0.05 * probe.quotes);
  });
});
