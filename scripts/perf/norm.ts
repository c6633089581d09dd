import { ingestSources } from '../../src/ingest/index.js';
import { normaliseText, shingles, minhash } from '../../src/graph/text-similarity.js';
const { table } = await ingestSources([process.argv[2]], {});
const texts = table.text.filter((x): x is string => x !== undefined);
let cu = process.cpuUsage();
const norms = texts.map(normaliseText);
console.log('normalise cpu', (process.cpuUsage(cu).user / 1e6).toFixed(2), texts.length);
cu = process.cpuUsage();
const sig = new Uint32Array(32);
for (const n of norms) { const s = shingles(n); minhash(s, sig, 0); }
console.log('shingle+minhash cpu', (process.cpuUsage(cu).user / 1e6).toFixed(2));
