import { readFileSync } from 'node:fs';
import { generate } from './scripts/generator/index.js';
const g = generate({ scenario: 'mixed', seed: 21, events: 60000, days: 3 });
const pre = process.argv[2];
for (const d of ['2024-03-04', '2024-03-05', '2024-03-06']) {
  const r = JSON.parse(readFileSync(`/tmp/md/${pre}${d}.json`, 'utf8'));
  const row = g.truth.campaigns.map((c) => {
    const set = new Set(c.members);
    let best: any, n = 0;
    for (const cl of r.clusters) { const k = cl.members.filter((m: string) => set.has(m)).length; if (k > n) { n = k; best = cl; } }
    return best ? `${c.id}:${best.operationId}/${best.lineage.status}/${n}` : `${c.id}:-`;
  });
  console.log(d, row.join(' '), 'notSeen', JSON.stringify(r.changes.notSeen.map((x: any) => x.operationId)));
}
