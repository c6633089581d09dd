// The copying null's pool is counted in Spark for the extract path (spark/lockstep_spark/extract.py):
// its port of specificLength must count as src/graph/specific-length.ts does, on every kind of text the
// generated worlds and real exports hold (handles, links, CJK, other scripts, digits, emoji,
// JavaScript's white space), and the pool's 12-unit shortcut must be read in UTF-16 units.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sparkEnv } from '../../scripts/spark-env.js';
import { specificLength } from '../../src/graph/specific-length.js';
import { QUOTATION_SAMPLES, ROOT } from './inputs.js';

const TEXTS = [
  'hello world this is a test of things',
  '@user https://x.co/abc 确实是这样的我们都知道',
  'émigré café naïve résumé coöperate',
  '١٢٣ arabic digits مرحبا بالعالم',
  'emoji 😀😀 text here and there ok',
  'tab\tsep\u00a0nbsp\u3000ideographic\u2028line',
  '@\u00a0x and @ alone, http:// too',
  'https://a\u2028b https://c\u0085d',
  '한국어 텍스트 입니다 정말로',
  'カタカナとひらがな、漢字も。',
  'x_y_z underscores__ here',
  'Ⅻ roman ① circled ² superscript ½',
  '𝐁𝐨𝐥𝐝 math letters 𝟏𝟐𝟑',
  '  leading and trailing  ',
  'RT @someone: Breaking!!! https://t.co/xyz #news',
  '确实',
  '短い',
  'a'.repeat(11),
  '好'.repeat(8),
  '\ufeffbom start text that is long enough',
  'mixed中文and English混合text',
  'Ελληνικά κείμενο και русский текст',
  ...QUOTATION_SAMPLES,
  '',
];

describe('the Spark port of specificLength', () => {
  it('counts every sample as specific-length.ts does, and picks the same texts for the pool', () => {
    const { python } = sparkEnv();
    const script = [
      'import json, sys',
      `sys.path.insert(0, ${JSON.stringify(join(ROOT, 'spark'))})`,
      'from lockstep_spark.extract import specific_length, is_specific_text',
      'texts = json.load(sys.stdin)',
      'print(json.dumps([[specific_length(t), is_specific_text(t)] for t in texts]))',
    ].join('\n');
    const out = JSON.parse(execFileSync(python, ['-c', script], { input: JSON.stringify(TEXTS), encoding: 'utf8' })) as [number, boolean][];
    const mine = TEXTS.map((t) => [specificLength(t), t.length >= 12 && specificLength(t) >= 24]);
    expect(out).toEqual(mine);
  });
});
