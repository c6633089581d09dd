import { describe, expect, it } from 'vitest';
import { asciiSpecificLength } from '../../src/graph/specific-length.js';
import { specificLength } from '../../src/graph/specific-length.js';
import { createRng } from '../../src/detect/rng.js';

/** The definition, as src/graph/specific-length.ts states it with regular expressions. */
function byRegex(text: string): number {
  const plain = text.replace(/@\S+|https?:\/\/\S+/g, ' ').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  let n = 0;
  for (const ch of plain) n += /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]/u.test(ch) ? 3 : 1;
  return n;
}

const PIECES = ['a', 'Z', '7', 'word', ' ', '  ', '\t', '\n', '@', '@x', '@ ', '!', '.', ',', '#tag', 'http', 'https', 'http://', 'https://', 'https:/', 'http:x', 'x.com/a', '://', '_', '-', '\u00a0', 'é', '确实', '😀'];

describe('specificLength fast path', () => {
  it('counts every ASCII text as the regular expressions do, and leaves other texts to them', () => {
    const rng = createRng(12);
    for (let t = 0; t < 20_000; t++) {
      let s = '';
      const k = Math.floor(rng() * 14);
      for (let p = 0; p < k; p++) s += PIECES[Math.floor(rng() * PIECES.length)];
      const fast = asciiSpecificLength(s);
      if (/^[\x00-\x7f]*$/.test(s) && fast === undefined) throw new Error(`ASCII text not taken: ${JSON.stringify(s)}`);
      if (fast !== undefined) expect([s, fast]).toEqual([s, byRegex(s)]);
      expect([s, specificLength(s)]).toEqual([s, byRegex(s)]);
    }
  });

  it('reads handles and links as gaps', () => {
    expect(asciiSpecificLength('so true @someone https://t.co/x1 yes')).toBe(byRegex('so true @someone https://t.co/x1 yes'));
    expect(asciiSpecificLength('ab@cd ef')).toBe(5); // "ab ef"
    expect(asciiSpecificLength('https:// x')).toBe(byRegex('https:// x'));
  });
});
