/**
 * A text's own words: what it says outside quotation marks.
 *
 * Quoted words are someone else's: a reader quoting a headline with a comment of their own names
 * what the text is about, as a handle or a link does, and a crowd quoting one story is not copying
 * each other. Compared with the quotation in, the quotes of one headline are near-duplicates whatever
 * the comments around them, and readers who follow the same outlets hold the same families again and
 * again (a news crowd's readers quoting without sharing read as a copypasta ring: `npm run eval --
 * --probe quotes-unshared`, fifteenth session). So texts are compared on their words outside
 * quotation marks. A text that is nothing but a quotation keeps it: posting someone's words bare is
 * repeating them (the source rules of the copying test read that case).
 *
 * The pairs are the paired quotation marks of English, Chinese, Japanese and the guillemets, and the
 * Chinese title marks (a quoted title names its work). Apostrophes and single quotes are not pairs:
 * "don't" would open one. An opening mark with no closing one is left as it is. The Spark job's
 * port is spark/lockstep_spark/quotations.py (the same pairs, the same result).
 */
const CLOSE: Record<string, string> = {
  '"': '"',
  '\uff02': '\uff02', // fullwidth ＂
  '\u201c': '\u201d', // “ ”
  '\u300c': '\u300d', // 「 」
  '\u300e': '\u300f', // 『 』
  '\u00ab': '\u00bb', // « »
  '\u300a': '\u300b', // 《 》
};

/** Any opening mark: the quick test every text goes through (most have none). */
const ANY_OPEN = /["\uff02\u201c\u300c\u300e\u00ab\u300a]/;

/**
 * @handles and links, up to the next white space (JavaScript's \s, spelt out so the Spark port
 * matches): no words of the writer's own (text-similarity.ts drops them from the wording too).
 */
export const HANDLE_OR_LINK = /@[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+|https?:\/\/[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/g;
const WORD = /[\p{L}\p{N}]/u;

/**
 * The text with every closed quotation replaced by a space, or the text unchanged when it has no
 * quotation, or no letter or digit outside its quotations, handles and links.
 */
export function withoutQuotations(text: string): string {
  if (!ANY_OPEN.test(text)) return text;
  let out = '';
  let from = 0;
  let i = 0;
  while (i < text.length) {
    const close = CLOSE[text[i]];
    const j = close === undefined ? -1 : text.indexOf(close, i + 1);
    if (j < 0) {
      i++;
      continue;
    }
    out += text.slice(from, i) + ' ';
    from = i = j + 1;
  }
  if (from === 0) return text;
  out += text.slice(from);
  return WORD.test(out.replace(HANDLE_OR_LINK, ' ')) ? out : text;
}
