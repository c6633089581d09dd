import { describe, expect, it } from 'vitest';
import { withoutQuotations } from '../../src/graph/quotations.js';
import { DEFAULT_TEXT_OPTIONS, findTextGroups, normaliseText } from '../../src/graph/text-similarity.js';
import { specificLength } from '../../src/graph/specific-length.js';
import { tableFromEvents } from '../../src/ingest/table.js';
import type { ActivityEvent } from '../../src/ingest/types.js';

const T0 = Date.parse('2024-05-01T08:00:00Z');
const post = (account: string, text: string, ts: number): ActivityEvent => ({ account, action: 'post', text, ts });

describe('withoutQuotations', () => {
  it('drops each closed quotation, whatever the script', () => {
    expect(withoutQuotations('big if true: "Mayor resigns over bridge scandal"')).toBe('big if true:  ');
    expect(withoutQuotations('「央行宣布进入紧急状态」 如果是真的就厉害了')).toBe('  如果是真的就厉害了');
    expect(withoutQuotations('怎么看：“央行宣布进入紧急状态” 『再看』 ok')).toBe('怎么看：    ok');
    expect(withoutQuotations('« Le maire démissionne » incroyable')).toBe('  incroyable');
    expect(withoutQuotations('读了《三体》之后 感想很多')).toBe('读了 之后 感想很多');
    expect(withoutQuotations('wow ＂full width＂ marks')).toBe('wow   marks');
  });

  it('keeps a text that is nothing but quotations, handles and links: repeating words bare is repeating them', () => {
    for (const t of ['"Mayor resigns over bridge scandal"', '@outlet 「央行宣布进入紧急状态」 https://n.example/1', '“one” “two” 🔥']) expect(withoutQuotations(t)).toBe(t);
  });

  it('leaves unclosed marks and apostrophes alone', () => {
    expect(withoutQuotations('a 5" screen for sale, barely used')).toBe('a 5" screen for sale, barely used');
    expect(withoutQuotations("don't stop, it's 'fine'")).toBe("don't stop, it's 'fine'");
    expect(withoutQuotations('no quotes at all')).toBe('no quotes at all');
  });

  it('is what the wording and the specific length read', () => {
    expect(normaliseText('Big if true: "Mayor resigns over bridge scandal" 🔥')).toBe('bigiftrue');
    expect(specificLength('watching closely: "Mayor resigns over bridge scandal"')).toBe(specificLength('watching closely'));
    expect(specificLength('"Mayor resigns over bridge scandal"')).toBe(specificLength('Mayor resigns over bridge scandal'));
  });
});

describe('near-duplicate families without quotations', () => {
  const families = (evs: ActivityEvent[]) => Array.from(findTextGroups(tableFromEvents(evs), DEFAULT_TEXT_OPTIONS).groups);
  const HEADLINE = 'Mayor resigns over the bridge budget scandal after months of denial';

  it('readers quoting one headline with comments of their own make no family', () => {
    const comments = ['big if true', 'here we go again', 'not surprised at all', 'what does this mean for us', 'terrible news for the city'];
    const g = families(comments.map((c, k) => post(`r${k}`, k % 2 ? `${c}: "${HEADLINE}"` : `"${HEADLINE}" ${c}`, T0 + k * 60_000)));
    expect(g.every((x) => x === -1)).toBe(true);
    // The same texts without quotation marks are one family: the quotation is what made them alike.
    const bare = families(comments.map((c, k) => post(`r${k}`, k % 2 ? `${c}: ${HEADLINE}` : `${HEADLINE} ${c}`, T0 + k * 60_000)));
    expect(bare[0]).toBeGreaterThanOrEqual(0);
    expect(new Set(bare).size).toBe(1);
  });

  it('a ring repeating its own words around a quotation is still a family, and so is a bare quotation', () => {
    const RING = 'they do not want you to know where the money went, spread the word before it is deleted';
    const g = families([
      post('a', `${RING} "${HEADLINE}"`, T0),
      post('b', `"${HEADLINE}" ${RING}!!`, T0 + 60_000),
      post('c', `“${HEADLINE}”`, T0 + 120_000),
      post('d', `"${HEADLINE}"`, T0 + 180_000),
    ]);
    expect(g[0]).toBeGreaterThanOrEqual(0);
    expect(g[1]).toBe(g[0]);
    expect(g[2]).toBeGreaterThanOrEqual(0);
    expect(g[3]).toBe(g[2]);
    expect(g[2]).not.toBe(g[0]);
  });
});
