import { describe, expect, it } from 'vitest';
import { historyRows, lastScanAt, newSinceLastScan, type OperationDetail, type OperationItem } from '../../src/web/operations.js';

const op = (id: string, firstSeenAt: string, lastSeenAt: string): OperationItem => ({ id, firstSeenAt, lastSeenAt, status: 'new', scans: 1, clusterIds: [], members: 3, score: 0.9, reviewed: false });

describe('operations page helpers', () => {
  it('new since last scan: operations first seen at the latest scan', () => {
    const ops = [op('o1', '2024-03-04T00:00:00Z', '2024-03-06T00:00:00Z'), op('o2', '2024-03-06T00:00:00Z', '2024-03-06T00:00:00Z'), op('o3', '2024-03-05T00:00:00Z', '2024-03-05T00:00:00Z')];
    expect(lastScanAt(ops)).toBe('2024-03-06T00:00:00Z');
    expect(newSinceLastScan(ops).map((o) => o.id)).toEqual(['o2']);
    expect(newSinceLastScan([])).toEqual([]);
  });

  it('history rows: size relative to the largest sighting, joined and left counts', () => {
    const detail = {
      ...op('o1', 'a', 'b'), allMembers: [],
      steps: [
        { scan: 'd1', at: 'a', clusters: [{ id: 'c1', status: 'new', score: 1, members: 4 }], size: 4, joined: ['a', 'b', 'c', 'd'], left: [] },
        { scan: 'd2', at: 'b', clusters: [{ id: 'c2', status: 'shrunk', score: 1, members: 2 }], size: 2, joined: [], left: ['c', 'd'] },
      ],
    } as OperationDetail;
    expect(historyRows(detail)).toEqual([
      { scan: 'd1', at: 'a', size: 4, joined: 4, left: 0, share: 1, clusters: ['c1'], status: 'new' },
      { scan: 'd2', at: 'b', size: 2, joined: 0, left: 2, share: 0.5, clusters: ['c2'], status: 'shrunk' },
    ]);
  });
});
