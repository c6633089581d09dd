import { describe, expect, it } from 'vitest';
import { tableFromEvents } from '../../src/ingest/table.js';
import { scanTable } from '../../src/pipeline.js';
import { reportErrors } from '../report/schema.js';

// A copypasta ring of twelve posting one of three slogans per wave, eight members a wave, nine
// waves two hours apart; a few more writers post the wave's slogan twenty minutes after the ring
// (in the same near-duplicate family, but too late to pair with anyone in the co-action graph, so
// Louvain never sees them); 300 people write their own words.
const T0 = Date.UTC(2024, 2, 4, 8);
const slogans = [
  'they do not want you to know what is really in the water supply',
  'the elections were decided long before anyone voted at all this year',
  'mainstream media hides the truth about the forest fires yet again',
];
const LATE = 20 * 60_000;

type Row = { id: string; account: string; action: string; ts: number; text: string };

function day(late: Record<string, number[]>): Row[] {
  const out: Row[] = [];
  const waveStart = (w: number) => T0 + w * 2 * 3_600_000;
  for (let w = 0; w < 9; w++)
    for (let k = 0; k < 8; k++) {
      const who = `ring${(w * 5 + k) % 12}`;
      out.push({ id: `${who}-${w}`, account: who, action: 'post', ts: waveStart(w) + k * 95_000, text: `${slogans[w % 3]} wave ${w}` });
    }
  for (const [who, waves] of Object.entries(late))
    for (const w of waves) out.push({ id: `${who}-${w}`, account: who, action: 'post', ts: waveStart(w) + 7 * 95_000 + LATE, text: `${slogans[w % 3]} wave ${w}` });
  const words = ['garden', 'coffee', 'train', 'weather', 'football', 'recipe', 'concert', 'movie', 'holiday', 'book'];
  for (let i = 0; i < 300; i++)
    out.push({ id: `o${i}`, account: `o${i}`, action: 'post', ts: T0 + i * 61_000, text: `my ${words[i % 10]} story number ${i}: ${words[(i * 7) % 10]} and ${words[(i * 3 + 1) % 10]} ${i * 7919}` });
  return out;
}

describe("a copying flag's other writers", () => {
  it('adds the accounts in two or more of its families that no community held, and no one else', async () => {
    const report = await scanTable(tableFromEvents(day({ late0: [0, 4], late1: [2, 7], late2: [1, 3, 8], once: [5] })));
    expect(reportErrors(report)).toBe('');
    const ring = report.clusters.find((c) => c.members.includes('ring0'));
    expect(ring, JSON.stringify(report.clusters.map((c) => c.summary))).toBeDefined();
    expect(ring!.reading).toBe('copying');
    // Every ring member, and the late writers of two waves or more; not the one who wrote once.
    for (let k = 0; k < 12; k++) expect(ring!.members).toContain(`ring${k}`);
    expect(ring!.members).toEqual(expect.arrayContaining(['late0', 'late1', 'late2']));
    expect(ring!.members).not.toContain('once');
    expect(ring!.members.some((m) => m.startsWith('o'))).toBe(false);
    expect(ring!.statistics!.ringWriters).toBe(3);
    expect(ring!.summary).toMatch(/ 3 more accounts wrote in two or more of these families and are listed with them\./);
    // No account is reported twice.
    const all = report.clusters.flatMap((c) => c.members);
    expect(new Set(all).size).toBe(all.length);
  });

  it('keeps two rings apart whose slogans met in two of their waves', async () => {
    // Ring a and ring b, eight accounts each, post their own slogans in eight waves each, an hour
    // apart; in a's first two waves b posts a's slogan alongside it.
    const rows: Row[] = [];
    const own = { a: slogans, b: ['the vaccine makers paid off every single regulator in the country', 'they are putting something in the bread to keep everyone tired', 'the new tower downtown is there to listen to your phone calls'] };
    for (const ring of ['a', 'b'] as const)
      for (let w = 0; w < 8; w++)
        for (let k = 0; k < 8; k++) {
          const who = `${ring}${k}`;
          const at = T0 + w * 2 * 3_600_000 + (ring === 'b' ? 3_600_000 : 0) + k * 40_000;
          rows.push({ id: `${who}-${w}`, account: who, action: 'post', ts: at, text: `${own[ring][w % 3]} wave ${w}` });
          // b3 posts first there: a family started by a ring's own member is no quote of someone
          // else's (an account that starts most families it is in is a source, and its families quotes).
          if (ring === 'b' && w < 2) rows.push({ id: `${who}-a${w}`, account: who, action: 'post', ts: at - 3_600_000 + (k === 3 ? -130_000 : 20_000), text: `${own.a[w % 3]} wave ${w}` });
        }
    const report = await scanTable(tableFromEvents([...rows, ...day({}).filter((r) => r.account.startsWith('o'))]));
    expect(reportErrors(report)).toBe('');
    const ringOf = (c: { members: string[] }) => [...new Set(c.members.map((m) => m[0]))].join('');
    expect(report.clusters.map(ringOf).sort(), JSON.stringify(report.clusters.map((c) => c.members))).toEqual(['a', 'b']);
    // Both hold their own eight waves, at least one counts the two they met in too (so the two
    // share families, and a rule that merged on two shared families would report one ring).
    for (const c of report.clusters) expect(c.statistics!.ringParts).toBeUndefined();
    const families = report.clusters.map((c) => c.statistics!.copyingFamilies!).sort((x, y) => x - y);
    expect(families[0]).toBeGreaterThanOrEqual(8);
    expect(families[1]).toBe(10);
  });

  it('reports a ring Louvain split in two as one, and adds no writer where there is none', async () => {
    const report = await scanTable(tableFromEvents(day({})));
    expect(reportErrors(report)).toBe('');
    // The twelve join every wave a third at a time: Louvain finds two communities of six, each
    // flagged for the same nine families.
    expect(report.clusters).toHaveLength(1);
    const [ring] = report.clusters;
    expect([...ring.members].sort()).toEqual(Array.from({ length: 12 }, (_, k) => `ring${k}`).sort());
    expect(ring.statistics!.ringParts).toBe(2);
    expect(ring.statistics!.ringWriters).toBeUndefined();
    // Its figures are the ring's: all 72 texts of its 9 families are its own.
    expect(ring.statistics!.copyingFamilies).toBe(9);
    expect(ring.statistics!.copyingTexts).toBe(72);
    expect(ring.statistics!.copyingAuthors).toBe(72);
    expect(ring.summary).toMatch(/^12 accounts posted near-identical texts together.*they are 72 of the 72 authors of 9 near-duplicate text families.* Found as 2 communities that wrote in the same families\.$/);
  });
});
