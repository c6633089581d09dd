import type Graph from 'graphology';
import { clusterGraph, type ExportCluster } from './cluster-graph.js';

// graphology-graphml 0.5 ships only a parser, so the writer is here; the tests read its output back
// with that parser.

type Scalar = string | number | boolean;
const xmlEscape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

function typeOf(values: Scalar[]): 'boolean' | 'int' | 'double' | 'string' {
  if (values.every((v) => typeof v === 'boolean')) return 'boolean';
  if (values.every((v) => typeof v === 'number' && Number.isInteger(v))) return 'int';
  if (values.every((v) => typeof v === 'number')) return 'double';
  return 'string';
}

function keys(elements: Record<string, Scalar>[]): Map<string, ReturnType<typeof typeOf>> {
  const seen = new Map<string, Scalar[]>();
  for (const a of elements) for (const [k, v] of Object.entries(a)) if (v !== undefined) (seen.get(k) ?? seen.set(k, []).get(k)!).push(v);
  return new Map([...seen].map(([k, vs]) => [k, typeOf(vs)]));
}

/** GraphML of any graphology graph with scalar attributes (attribute names are the key ids). */
export function graphToGraphml(g: Graph): string {
  const nodeAttrs = g.mapNodes((_n, a) => a as Record<string, Scalar>);
  const edgeAttrs = g.mapEdges((_e, a) => a as Record<string, Scalar>);
  const nodeKeys = keys(nodeAttrs);
  const edgeKeys = keys(edgeAttrs);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'];
  for (const [k, t] of nodeKeys) out.push(`  <key id="n_${xmlEscape(k)}" for="node" attr.name="${xmlEscape(k)}" attr.type="${t}"/>`);
  for (const [k, t] of edgeKeys) out.push(`  <key id="e_${xmlEscape(k)}" for="edge" attr.name="${xmlEscape(k)}" attr.type="${t}"/>`);
  out.push(`  <graph edgedefault="${g.type === 'directed' ? 'directed' : 'undirected'}">`);
  const data = (prefix: string, a: Record<string, Scalar>) => Object.entries(a).map(([k, v]) => `<data key="${prefix}${xmlEscape(k)}">${xmlEscape(String(v))}</data>`).join('');
  g.forEachNode((n, a) => out.push(`    <node id="${xmlEscape(n)}">${data('n_', a as Record<string, Scalar>)}</node>`));
  g.forEachEdge((e, a, s, t) => out.push(`    <edge id="${xmlEscape(e)}" source="${xmlEscape(s)}" target="${xmlEscape(t)}">${data('e_', a as Record<string, Scalar>)}</edge>`));
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}

/** GraphML of the flagged clusters (same graph and attributes as the GEXF export). */
export function clustersGraphml(clusters: readonly ExportCluster[]): string {
  return graphToGraphml(clusterGraph(clusters));
}
