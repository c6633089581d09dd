import { describe, expect, it } from 'vitest';
import { ringFamilies as read, type FamilyMembers } from '../../src/detect/rings.js';

const ringFamilies = (fams: FamilyMembers[], groupSize: number) => read(fams.map((f) => f.members.length), groupSize, () => fams);
import { createRng } from '../../src/detect/rng.js';

/** `rings` rings of `size`, each posting `waves` families of `per` rotating members. */
function rings(count: number, size: number, waves: number, per: number): FamilyMembers[] {
  const out: FamilyMembers[] = [];
  for (let r = 0; r < count; r++)
    for (let w = 0; w < waves; w++) out.push({ key: `${1_700_000_000_000 + (r * waves + w) * 3_600_000}|r${r}-${w}`, members: Array.from({ length: per }, (_, k) => `r${r}m${(w * 3 + k) % size}`) });
  return out;
}

describe('ringFamilies (which near-duplicate families a group posts as a ring)', () => {
  it('a group that posts as one ring: every family counts', () => {
    expect(ringFamilies(rings(1, 12, 8, 6), 12)).toEqual(Array(8).fill(true));
  });

  it('three rings in one big group: the whole is no ring, the rings are found, and only held-back families count', () => {
    const fams = rings(3, 12, 16, 6);
    // 36 ring members and 100 more in the group: families of 6 are under a tenth of 136.
    const read = ringFamilies(fams, 136);
    const counted = read.filter(Boolean).length;
    expect(counted).toBeGreaterThan(0.3 * fams.length);
    expect(counted).toBeLessThan(0.7 * fams.length); // the other half chose the rings
    for (let r = 0; r < 3; r++) expect(read.slice(r * 16, (r + 1) * 16).some(Boolean), `ring ${r}`).toBe(true);
  });

  it('a crowd whose members meet in families by chance holds no ring: coincidences do not repeat in the held-back half', () => {
    const rng = createRng(7);
    const crowd = Array.from({ length: 80 }, (_, i) => `c${i}`);
    const fams: FamilyMembers[] = Array.from({ length: 60 }, (_, f) => {
      const members = new Set<string>();
      while (members.size < 3) members.add(crowd[Math.floor(rng() * crowd.length)]);
      return { key: `${1_700_000_000_000 + f * 600_000}|f${f}`, members: [...members] };
    });
    expect(ringFamilies(fams, 80).filter(Boolean).length).toBe(0);
  });

  it('the same families in another order give the same reading (Louvain sees a canonical graph)', () => {
    const fams = rings(3, 12, 16, 6);
    const read = ringFamilies(fams, 136);
    const shuffled = fams.map((f, i) => ({ f, i, s: (i * 7919) % 48 })).sort((a, b) => a.s - b.s);
    const again = ringFamilies(shuffled.map((x) => ({ ...x.f, members: [...x.f.members].reverse() })), 136);
    shuffled.forEach((x, j) => expect(again[j]).toBe(read[x.i]));
  });
});
