// A small seeded day of activity for the e2e tests: an organic crowd plus one 40-account
// amplification cluster that shares the same posts within seconds and pastes the same replies.

export interface DayEvent {
  id: string;
  account: string;
  action: string;
  target?: string;
  ts: string;
  text?: string;
}

export interface Day {
  events: DayEvent[];
  campaign: string[];
}

/** mulberry32: tiny, fast, good enough for test data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_MS = 86_400_000;
const ORGANIC_TEXTS = ['interesting', 'not sure about this', 'source?', 'great thread', 'lol', '这个很有意思', 'agree', 'hmm'];
// Campaign copy-pasta; some start with "@" or "=" so the CSV export's formula escaping is exercised.
const CAMPAIGN_TEXTS = [
  '@daily_news this is a lie, do not trust them #StopTheLies',
  '=HYPERLINK("http://example.invalid","real story") everyone read this',
  'They are hiding the truth. Share before it is deleted! #StopTheLies',
];

export function generateDay(opts: { seed?: number; start?: string; organic?: number; campaignSize?: number; waves?: number } = {}): Day {
  const r = rng(opts.seed ?? 42);
  const start = Date.parse(opts.start ?? '2025-03-10T00:00:00Z');
  const organicN = opts.organic ?? 300;
  const size = opts.campaignSize ?? 40;
  const waves = opts.waves ?? 24;
  const events: DayEvent[] = [];
  let n = 0;
  const push = (account: string, action: string, t: number, target?: string, text?: string): void => {
    events.push({ id: `e2e-${++n}`, account, action, ts: new Date(Math.round(t)).toISOString(), ...(target ? { target } : {}), ...(text ? { text } : {}) });
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

  const organic = Array.from({ length: organicN }, (_, i) => `user_${String(i + 1).padStart(4, '0')}`);
  const campaign = Array.from({ length: size }, (_, i) => `amp_${String(i + 1).padStart(2, '0')}`);

  // Organic posts, then organic reactions at independent random times (popular posts more often).
  const posts: { id: string; t: number }[] = [];
  for (let i = 0; i < 900; i++) {
    const t = start + r() * DAY_MS * 0.9;
    const id = `post_${i + 1}`;
    posts.push({ id, t });
    push(pick(organic), 'post', t, id, pick(ORGANIC_TEXTS));
  }
  for (const account of organic) {
    const k = 6 + Math.floor(r() * 14);
    for (let j = 0; j < k; j++) {
      const p = posts[Math.floor(posts.length * r() * r())];
      const t = p.t + r() * (start + DAY_MS - p.t);
      const u = r();
      if (u < 0.5) push(account, 'like', t, p.id);
      else if (u < 0.8) push(account, 'share', t, p.id);
      else push(account, 'reply', t, p.id, pick(ORGANIC_TEXTS));
    }
  }

  // The campaign: each wave, nearly every member hits the same target within ~30 seconds.
  for (let w = 0; w < waves; w++) {
    const t0 = start + ((w + 0.5) / waves) * DAY_MS * 0.95 + r() * 600_000;
    const target = `camp_post_${w + 1}`;
    push(campaign[w % size], 'post', t0 - 30_000, target, 'BREAKING: what they will not tell you');
    const reply = w % 3 === 2;
    for (const m of campaign) {
      if (r() < 0.05) continue;
      const t = t0 + r() * 30_000;
      if (reply) push(m, 'reply', t, target, CAMPAIGN_TEXTS[w % CAMPAIGN_TEXTS.length]);
      else push(m, 'share', t, target);
    }
    // A few organic accounts find the same post hours later: the organic background.
    for (let j = 0, k = Math.floor(r() * 5); j < k; j++) push(pick(organic), 'like', t0 + r() * 6 * 3_600_000, target);
  }
  // Cover activity: members also like random organic posts at random times.
  for (const m of campaign) for (let j = 0; j < 5; j++) {
    const p = pick(posts);
    push(m, 'like', p.t + r() * 3_600_000, p.id);
  }
  events.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  return { events, campaign };
}

export function toNdjson(events: readonly DayEvent[]): string {
  return events.map((e) => JSON.stringify(e)).join('\n') + '\n';
}
