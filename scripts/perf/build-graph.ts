import Graph from 'graphology';
import { buildGraph } from '../../src/graph/build.js';
const n = 150_000, nodes = 16_000;
const a = new Int32Array(n), b = new Int32Array(n), w = new Float64Array(n), g = new Float32Array(n);
let s = 1;
const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) % nodes);
for (let e = 0; e < n; e++) { a[e] = rnd(); do b[e] = rnd(); while (b[e] === a[e]); w[e] = 1; g[e] = 2; }
// dedupe
const seen = new Set<string>(); let m = 0;
for (let e = 0; e < n; e++) { const k = Math.min(a[e], b[e]) + ',' + Math.max(a[e], b[e]); if (seen.has(k)) continue; seen.add(k); a[m] = a[e]; b[m] = b[e]; m++; }
const names = Array.from({ length: nodes }, (_, i) => `acct${i}`);
let t = performance.now();
const G = buildGraph({ a, b, weight: w, groups: g, size: m }, names);
console.log('buildGraph', m, ((performance.now() - t) / 1000).toFixed(2), G.size);
t = performance.now();
const H = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
console.log(typeof Graph);
{
  const t0 = performance.now();
  const g2 = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  const added = new Uint8Array(names.length);
  for (let e = 0; e < m; e++) for (const v of [a[e], b[e]]) { if (added[v]) continue; added[v] = 1; g2.addNode(names[v]); }
  const internal = (g2 as unknown as { _nodes: Map<string, { undirected: Record<string, unknown> }> })._nodes;
  for (const nd of internal.values()) { nd.undirected['\u0000'] = 0; delete nd.undirected['\u0000']; }
  for (let e = 0; e < m; e++) g2.addUndirectedEdgeWithKey(e, names[a[e]], names[b[e]], { weight: w[e], groups: g[e] });
  console.log('dict-mode build', ((performance.now() - t0) / 1000).toFixed(2), g2.size);
}
