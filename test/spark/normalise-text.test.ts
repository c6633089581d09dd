// Near-duplicate families are built in Spark from spark/lockstep_spark/text.py: its normalise must
// give the wording normaliseText gives (handles and links dropped up to JavaScript's white space,
// after NFKC folds full-width forms), or the families, and so the reports, would differ.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sparkEnv } from '../../scripts/spark-env.js';
import { normaliseText } from '../../src/graph/text-similarity.js';
import { QUOTATION_SAMPLES, ROOT } from './inputs.js';

const TEXTS = [
  '@xoh8ke3v 面包店真的看不懂，救命～',
  'RT @u: https://t.co/1 hi @v',
  'HTTPS://X.Y Z',
  '＠ｆｏｏ\u3000bar',
  'a\u00a0@b\u2003c',
  'x@y\u001cz w',
  'http://a.b/c\ufeffd e',
  '@\u0085x y',
  'https:// y',
  'httpx://a b',
  'mail bob@ex.com ok',
  '@名前 你好世界',
  'text http://t.co/a\u2028next',
  '🙂@x🙂 y',
  'ﬁ@ﬂ x',
  'a@\u180eb c',
  'Hello, World!!  😀🔥 #Vote',
  ...QUOTATION_SAMPLES,
  '',
];

describe('the Spark port of normaliseText', () => {
  it('gives the same wording for every sample', () => {
    const { python } = sparkEnv();
    const script = [
      'import json, sys',
      `sys.path.insert(0, ${JSON.stringify(join(ROOT, 'spark'))})`,
      'from lockstep_spark.text import normalise',
      'print(json.dumps([normalise(t) for t in json.load(sys.stdin)]))',
    ].join('\n');
    const out = JSON.parse(execFileSync(python, ['-c', script], { input: JSON.stringify(TEXTS), encoding: 'utf8' })) as string[];
    expect(out).toEqual(TEXTS.map(normaliseText));
  });
});
