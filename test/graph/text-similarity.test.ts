import { describe, expect, it } from 'vitest';
import { DEFAULT_TEXT_OPTIONS, findTextGroups, normaliseText } from '../../src/graph/text-similarity.js';
import { tableFromEvents } from '../../src/ingest/table.js';
import type { ActivityEvent } from '../../src/ingest/types.js';

const T0 = Date.parse('2024-05-01T08:00:00Z');
const post = (account: string, text: string, ts: number): ActivityEvent => ({ account, action: 'post', text, ts });

/** Runs findTextGroups and returns the family of each event (-1 = none), in input order. */
function families(evs: ActivityEvent[]): number[] {
  const t = tableFromEvents(evs);
  return Array.from(findTextGroups(t, DEFAULT_TEXT_OPTIONS).groups);
}

describe('normaliseText', () => {
  it('drops case, punctuation, emoji and spaces', () => {
    expect(normaliseText('Hello, World!!  😀🔥 #Vote')).toBe('helloworldvote');
    expect(normaliseText('HELLO world')).toBe(normaliseText('hello... WORLD 👍'));
    expect(normaliseText('大家好，世界！🙂')).toBe('大家好世界');
  });

  it('folds full-width forms (NFKC) and keeps letters and digits of any script', () => {
    expect(normaliseText('ＡＢＣ１２３')).toBe('abc123');
    expect(normaliseText('Ünïcödé — 2024')).toBe('ünïcödé2024');
  });

  it('keeps the wording only: @handles and links name what a text is on, not what it says', () => {
    expect(normaliseText('@xoh8ke3v 面包店真的看不懂，救命～')).toBe('面包店真的看不懂救命');
    expect(normaliseText('RT @Bob_1: see https://t.co/x1?a=b NOW!')).toBe('rtseenow');
    // Full-width forms fold first, so a full-width ＠ starts a handle too.
    expect(normaliseText('＠ｆｏｏ\u3000bar')).toBe('bar');
  });
});

describe('findTextGroups', () => {
  const EN_A = 'Everyone needs to know that the MAYOR lied about the new bridge budget again!! Share before they delete it';
  const EN_B = 'everyone needs to know that the governor lied about the new bridge budget again... share before they delete it 🔥';
  const ZH_A = '大家都应该知道市长又在新桥预算问题上撒谎了，请在他们删除之前转发！';
  const ZH_B = '大家都应该知道省长又在新桥预算问题上撒谎了请在他们删除之前转发';
  const OTHER_1 = 'Lovely sunny afternoon at the farmers market, the strawberries are finally in season';
  const OTHER_2 = 'Does anyone have a good recipe for sourdough bread that does not take three whole days?';

  it('puts near-duplicates with a swapped slot word in one family (English and Chinese), unrelated texts in none', () => {
    const g = families([
      post('a1', EN_A, T0),
      post('a2', EN_B, T0 + 60_000),
      post('z1', ZH_A, T0 + 120_000),
      post('z2', ZH_B, T0 + 180_000),
      post('o1', OTHER_1, T0 + 240_000),
      post('o2', OTHER_2, T0 + 300_000),
    ]);
    expect(g[0]).toBeGreaterThanOrEqual(0);
    expect(g[1]).toBe(g[0]);
    expect(g[2]).toBeGreaterThanOrEqual(0);
    expect(g[3]).toBe(g[2]);
    expect(g[2]).not.toBe(g[0]);
    expect(g[4]).toBe(-1);
    expect(g[5]).toBe(-1);
  });

  it('does not join unrelated short replies to one account: the shared handle is not shared wording', () => {
    // Organic Chinese replies from the evaluation's cjk worlds: with the handle's letters in the
    // shingles these read as near-duplicates (estimated Jaccard 0.44 and 0.41) and made false rings.
    const g = families([
      { account: 'r1', action: 'mention', target: '@acnzq6fb', text: '@acnzq6fb 医院还是又坏了，又来了～', ts: T0 },
      { account: 'r2', action: 'mention', target: '@acnzq6fb', text: '@acnzq6fb 阳台的花居然太贵了，谁懂啊 #读书#', ts: T0 + 60_000 },
      { account: 'r3', action: 'mention', target: '@acnzq6fb', text: '@acnzq6fb 航班真的意外地不错，笑死。', ts: T0 + 120_000 },
      { account: 'r4', action: 'mention', target: '@acnzq6fb', text: '@acnzq6fb 面包店居然绝了，无语。', ts: T0 + 180_000 },
      // A templated insult still matches its twin with a slot swapped, handle or not.
      { account: 'b1', action: 'mention', target: '@victim', text: '@victim 你就是个跳梁小丑！！赶紧销号吧，没人想看你', ts: T0 + 240_000 },
      { account: 'b2', action: 'mention', target: '@victim', text: '@victim 你就是个骗子！赶紧销号吧，没人想看你', ts: T0 + 300_000 },
    ]);
    expect(g.slice(0, 4)).toEqual([-1, -1, -1, -1]);
    expect(g[4]).toBeGreaterThanOrEqual(0);
    expect(g[5]).toBe(g[4]);
  });

  it('does not join unrelated texts of different accounts posted at the same moment', () => {
    const texts = [
      OTHER_1,
      OTHER_2,
      'The train was delayed again this morning so I missed the first half of the meeting',
      'Just finished reading a fantastic novel about lighthouse keepers in nineteenth century Scotland',
      '今天下午在公园里散步，看到很多人在放风筝，天气非常好',
      '有没有人知道附近哪家面馆的牛肉面最好吃，周末想去试试',
    ];
    const g = families(texts.map((x, i) => post(`u${i}`, x, T0 + i * 1000)));
    expect(g).toEqual(texts.map(() => -1));
  });

  it('is time-local: copies further apart than the window are separate families', () => {
    const gap = DEFAULT_TEXT_OPTIONS.window + 3_600_000; // beyond the window
    const g = families([
      post('a', EN_A, T0),
      post('b', EN_B, T0 + 30_000),
      post('c', EN_A, T0 + gap),
      post('d', EN_B, T0 + gap + 30_000),
    ]);
    expect(g[0]).toBeGreaterThanOrEqual(0);
    expect(g[1]).toBe(g[0]);
    expect(g[2]).toBeGreaterThanOrEqual(0);
    expect(g[3]).toBe(g[2]);
    expect(g[2]).not.toBe(g[0]);
    // Within the window the same four copies form one family.
    const near = families([post('a', EN_A, T0), post('b', EN_B, T0 + 30_000), post('c', EN_A, T0 + 600_000), post('d', EN_B, T0 + 630_000)]);
    expect(new Set(near)).toEqual(new Set([near[0]]));
    expect(near[0]).toBeGreaterThanOrEqual(0);
  });

  it('drops families of a single account (one account repeating itself is not coordination)', () => {
    const g = families([post('solo', EN_A, T0), post('solo', EN_B, T0 + 60_000), post('solo', EN_A, T0 + 120_000), post('x', OTHER_1, T0 + 130_000)]);
    expect(g).toEqual([-1, -1, -1, -1]);
    // A second account joining makes it a family, and family ids are dense from 0.
    const h = families([post('solo', EN_A, T0), post('solo', EN_B, T0 + 60_000), post('other', EN_A, T0 + 120_000)]);
    expect(h).toEqual([0, 0, 0]);
  });

  it('ignores texts too short to be distinctive', () => {
    const g = families([post('a', 'so true!!', T0), post('b', 'So true.', T0 + 1000), post('c', 'so true 😂', T0 + 2000)]);
    expect(g).toEqual([-1, -1, -1]);
  });

  it('counts a CJK character three against the minimum length: a seven-character Chinese headline is compared, six characters are not', () => {
    // 20 Latin characters are the bar; 7 CJK ones reach it (the outlet's headline "央行因丑闻辞职", with
    // its readers' pastes around it), 6 do not ("确实是这样的").
    const g = families([
      post('o', '央行因丑闻辞职 （快讯）', T0),
      post('a', '又来了：央行因丑闻辞职', T0 + 60_000),
      post('b', '确实是这样的', T0 + 120_000),
      post('c', '确实是这样的！', T0 + 180_000),
    ]);
    expect(g[0]).toBeGreaterThanOrEqual(0);
    expect(g[1]).toBe(g[0]);
    expect(g[2]).toBe(-1);
    expect(g[3]).toBe(-1);
  });

  it('ignores events without text', () => {
    const t = tableFromEvents([{ account: 'a', action: 'share', target: 'x', ts: T0 }, post('b', EN_A, T0), post('c', EN_B, T0 + 1000)]);
    const { groups, count } = findTextGroups(t);
    expect(Array.from(groups)).toEqual([-1, 0, 0]);
    expect(count).toBe(1);
  });
});
