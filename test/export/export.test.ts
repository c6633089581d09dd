import Graph from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { clusterGraph, clustersGexf, clustersGraphml, membersCsv, signalAttribute, type ExportCluster } from '../../src/export/index.js';
import { quantile7, rNumber } from '../../src/export/coortweet.js';

const clusters: ExportCluster[] = [
  {
    id: 'c_aaa', score: 0.93, members: ['u1', 'u2', '=cmd|calc', 'u&<4>"'], operationId: 'o_aaa', review: { state: 'confirmed' },
    lineage: { status: 'grown', previous: [{ id: 'c_old', operationId: 'o_aaa', overlap: 0.5, shared: 2 }] },
    signals: { 'coaction:share': { weight: 0.7, pairs: 4, targets: 3 }, text: { weight: 0.3, pairs: 2, targets: 1 } },
    evidence: [], summary: '+4 accounts shared, "quoted", and more',
    firstSeen: '2024-03-04T10:00:00.000Z', lastSeen: '2024-03-04T11:00:00.000Z',
    edges: [
      { source: 'u1', target: 'u2', weight: 5, signals: { 'coaction:share': 3, text: 2 } },
      { source: 'u2', target: '=cmd|calc', weight: 1.5, signals: { 'coaction:share': 1.5 } },
      { source: 'u1', target: 'u&<4>"', weight: 2, signals: { text: 2 } },
    ],
  },
  {
    id: 'c_bbb', score: 0.61, members: ['v1', 'v2', 'v3'], signals: { 'coaction:like': { weight: 1, pairs: 3, targets: 2 } }, evidence: [], summary: 'likes',
    edges: [{ source: 'v1', target: 'v2', weight: 1, signals: { 'coaction:like': 1 } }, { source: 'v2', target: 'v3', weight: 1, signals: { 'coaction:like': 1 } }],
  },
];

/** Nodes and edges with attributes, order-free, for comparing graphs. */
function dump(g: Graph) {
  return {
    nodes: g.mapNodes((n, a) => ({ n, ...a })).sort((x, y) => (x.n < y.n ? -1 : 1)),
    edges: g.mapEdges((_e, a, s, t) => ({ ends: [s, t].sort().join('--'), ...a })).sort((x, y) => (x.ends < y.ends ? -1 : 1)),
  };
}

describe('cluster graph exports', () => {
  const expected = dump(clusterGraph(clusters));

  it('the graph carries cluster, operation, score and review per member, and a weight per signal per edge', () => {
    expect(expected.nodes).toHaveLength(7);
    expect(expected.nodes.find((n) => n.n === 'u1')).toEqual({ n: 'u1', label: 'u1', cluster: 'c_aaa', operation: 'o_aaa', score: 0.93, review: 'confirmed' });
    expect(expected.nodes.find((n) => n.n === 'v1')).toEqual({ n: 'v1', label: 'v1', cluster: 'c_bbb', score: 0.61, review: 'unreviewed' });
    expect(expected.edges.find((e) => e.ends === 'u1--u2')).toEqual({
      ends: 'u1--u2', weight: 5, [signalAttribute('coaction:share')]: 3, [signalAttribute('text')]: 2, [signalAttribute('coaction:like')]: 0,
    });
  });

  it('GEXF read back by a GEXF parser gives the same nodes, edges and attributes', () => {
    const xml = clustersGexf(clusters);
    expect(xml).toContain('<gexf');
    const back = parseGexf(Graph, xml);
    expect(back.order).toBe(7);
    expect(back.size).toBe(5);
    expect(dump(back)).toEqual(expected);
  });

  it('GraphML read back by graphology-graphml gives the same nodes, edges and attributes', () => {
    const back = parseGraphml(Graph, clustersGraphml(clusters));
    const d = dump(back);
    expect(d.nodes).toEqual(expected.nodes);
    // The parser adds edge ids it read as attributes only when asked; compare the attributes written.
    expect(d.edges).toEqual(expected.edges);
  });

  it('CSV: one row per member, formula-looking cells neutralised', () => {
    const text = membersCsv(clusters);
    const rows = parseCsv(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(7);
    expect(rows.map((r) => r.account)).toEqual(['u1', 'u2', "'=cmd|calc", 'u&<4>"', 'v1', 'v2', 'v3']);
    expect(rows[0]).toMatchObject({ cluster_id: 'c_aaa', operation_id: 'o_aaa', lineage: 'grown', score: '0.93', cluster_size: '4', review: 'confirmed', summary: '\'+4 accounts shared, "quoted", and more' });
    expect(rows[4]).toMatchObject({ review: 'unreviewed', operation_id: '' });
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe('R number formatting', () => {
  it('15 significant digits, as R writes doubles', () => {
    expect(rNumber(36)).toBe('36');
    expect(rNumber(41 / 3)).toBe('13.6666666666667');
    expect(rNumber(1 / 3)).toBe('0.333333333333333');
    expect(rNumber(0.5)).toBe('0.5');
  });
  it("R's quantile type 7", () => {
    expect(quantile7([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile7([5, 1, 3], 0.5)).toBe(3);
    expect(quantile7([7], 0.5)).toBe(7);
  });
});
