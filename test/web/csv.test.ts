import { describe, expect, it } from 'vitest';
import { clusterToCsv, csvCell, neutralise, toCsv, CLUSTER_CSV_HEADER } from '../../src/web/csv.js';
import type { ReportCluster } from '../../src/report/types.js';

describe('neutralise', () => {
  it.each(['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x")'])('prefixes formula-looking %j', (v) => {
    expect(neutralise(v)).toBe(`'${v}`);
  });
  it.each(['plain', '1+1', ' =x', '', "'already", '中文 =x'])('leaves %j alone', (v) => {
    expect(neutralise(v)).toBe(v);
  });
});

describe('csvCell', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });
  it('neutralises before quoting', () => {
    expect(csvCell('=cmd|"/c calc"!A1')).toBe(`"'=cmd|""/c calc""!A1"`);
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
  });
  it('writes empty for null and undefined, strings for numbers', () => {
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(0.5)).toBe('0.5');
  });
});

describe('toCsv', () => {
  it('writes a header and CRLF rows', () => {
    expect(toCsv(['a', 'b'], [[1, '=x'], ['y', 'z,']])).toBe(`a,b\r\n1,'=x\r\ny,"z,"\r\n`);
  });
});

describe('clusterToCsv', () => {
  const cluster: ReportCluster = {
    id: 'c1', score: 0.9, members: ['u1', 'u2'], signals: {}, summary: 's',
    evidence: [{
      target: 'p1', action: 'share', signal: 'coaction:share', spreadSeconds: 4, others: 3,
      members: [{ account: 'u1', ts: '2025-01-01T00:00:00Z', eventId: 'e1' }, { account: '@u2', ts: '2025-01-01T00:00:04Z', text: '-fake news' }],
    }],
  };
  it('has one row per member action, escaped', () => {
    const lines = clusterToCsv(cluster).trimEnd().split('\r\n');
    expect(lines[0]).toBe(CLUSTER_CSV_HEADER.join(','));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('c1,0.9,coaction:share,p1,share,u1,2025-01-01T00:00:00Z,e1,,4,3');
    expect(lines[2]).toBe("c1,0.9,coaction:share,p1,share,'@u2,2025-01-01T00:00:04Z,,'-fake news,4,3");
  });
});
