import { describe, expect, it } from 'vitest';
import { foundOperationId, matchLineage, type EarlierCluster } from '../../src/history/lineage.js';
import { operations } from '../../src/history/operations.js';

const range = (p: string, a: number, b: number) => Array.from({ length: b - a }, (_, i) => `${p}${a + i}`);
const earlier = (id: string, operationId: string, members: string[]): EarlierCluster => ({ id, operationId, members });

describe('matchLineage', () => {
  it('a cluster matching no earlier one founds an operation named after it', () => {
    const [m] = matchLineage([earlier('c_old', 'o_old', range('a', 0, 10))], [{ id: 'c_abc', members: range('b', 0, 10) }]);
    expect(m).toEqual({ operationId: foundOperationId('c_abc'), lineage: { status: 'new', previous: [] } });
    expect(m.operationId).toBe('o_abc');
  });

  it('the same members (give or take a tenth) continue the operation', () => {
    const [m] = matchLineage([earlier('c1', 'o1', range('a', 0, 20))], [{ id: 'c2', members: [...range('a', 1, 20), 'x'] }]);
    expect(m.operationId).toBe('o1');
    expect(m.lineage.status).toBe('continuing');
    expect(m.lineage.previous).toEqual([{ id: 'c1', operationId: 'o1', overlap: 19 / 21, shared: 19 }].map((p) => ({ ...p, overlap: Math.round(p.overlap * 1000) / 1000 })));
  });

  it('grown and shrunk by member counts', () => {
    const prev = [earlier('c1', 'o1', range('a', 0, 10))];
    expect(matchLineage(prev, [{ id: 'g', members: [...range('a', 0, 10), ...range('n', 0, 6)] }])[0].lineage.status).toBe('grown');
    expect(matchLineage(prev, [{ id: 's', members: range('a', 0, 6) }])[0].lineage.status).toBe('shrunk');
  });

  it('merged when one cluster takes most of two earlier ones; it keeps the larger share\'s operation', () => {
    const prev = [earlier('c1', 'o1', range('a', 0, 10)), earlier('c2', 'o2', range('b', 0, 6))];
    const [m] = matchLineage(prev, [{ id: 'm', members: [...range('a', 0, 10), ...range('b', 0, 6)] }]);
    expect(m.lineage.status).toBe('merged');
    expect(m.operationId).toBe('o1');
    expect(m.lineage.previous.map((p) => p.id)).toEqual(['c1', 'c2']);
  });

  it('split when two clusters each take part of one earlier cluster; both stay in its operation', () => {
    const prev = [earlier('c1', 'o1', range('a', 0, 20))];
    const ms = matchLineage(prev, [{ id: 'x', members: range('a', 0, 10) }, { id: 'y', members: range('a', 10, 20) }]);
    expect(ms.map((m) => m.lineage.status)).toEqual(['split', 'split']);
    expect(ms.map((m) => m.operationId)).toEqual(['o1', 'o1']);
  });

  it('a passing overlap below the thresholds is no match', () => {
    const prev = [earlier('c1', 'o1', range('a', 0, 20))];
    // 1 shared member (below minShared), then 4 of 20 (below half of the smaller cluster).
    expect(matchLineage(prev, [{ id: 'x', members: ['a0', ...range('z', 0, 9)] }])[0].lineage.status).toBe('new');
    expect(matchLineage(prev, [{ id: 'x', members: [...range('a', 0, 4), ...range('z', 0, 16)] }])[0].lineage.status).toBe('new');
  });
});

describe('operations', () => {
  it('follows an operation scan by scan with members joining and leaving', () => {
    const ops = operations([
      { key: 'd1', at: '2024-03-04T00:00:00Z', clusters: [{ id: 'c1', operationId: 'o1', status: 'new', score: 0.9, members: ['a', 'b', 'c'] }] },
      { key: 'd2', at: '2024-03-05T00:00:00Z', clusters: [{ id: 'c2', operationId: 'o1', status: 'grown', score: 0.8, members: ['a', 'b', 'd', 'e'] }, { id: 'c9', operationId: 'o9', status: 'new', score: 0.7, members: ['x', 'y', 'z'] }] },
    ]);
    const o1 = ops.find((o) => o.id === 'o1')!;
    expect(o1).toMatchObject({ firstSeenAt: '2024-03-04T00:00:00Z', lastSeenAt: '2024-03-05T00:00:00Z', status: 'grown', scans: 2, members: 4, clusterIds: ['c2'] });
    expect(o1.steps[1]).toMatchObject({ scan: 'd2', size: 4, joined: ['d', 'e'], left: ['c'] });
    expect(ops.find((o) => o.id === 'o9')!.scans).toBe(1);
  });
});
