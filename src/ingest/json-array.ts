import type { RawRecord, RecordParser } from './records.js';

type State = 'start' | 'first' | 'elem' | 'in' | 'done' | 'dead';

const isWs = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/**
 * A top-level JSON array, streamed: a small scanner finds each element's extent (tracking strings
 * and nesting) and JSON.parse handles one element at a time, so memory stays at one element, not
 * the whole file. A malformed element is one reject; the scan goes on with the next (two elements
 * with no comma between them read as one malformed element). A broken array structure (no `[`,
 * text after `]`, no closing `]`) is one reject and ends the source.
 */
export class JsonArrayParser implements RecordParser {
  readonly untyped = false;
  private state: State = 'start';
  private line = 1;
  private elemLine = 0;
  private depth = 0;
  private inString = false;
  private escape = false;
  private parts: string[] = [];

  push(text: string): RawRecord[] {
    const out: RawRecord[] = [];
    let segStart = 0;
    for (let i = 0; i < text.length && this.state !== 'dead'; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.line++;
      switch (this.state) {
        case 'start':
          if (c === 91 /* [ */) this.state = 'first';
          else if (!isWs(c)) this.fail(out, 'not a JSON array: expected "["');
          break;
        case 'first':
        case 'elem':
          if (isWs(c)) break;
          if (c === 93 /* ] */) {
            if (this.state === 'elem') out.push({ line: this.line, error: 'invalid JSON: trailing comma before "]"' });
            this.state = 'done';
          } else if (c === 44 /* , */) {
            out.push({ line: this.line, error: 'invalid JSON: empty array element' });
            this.state = 'elem';
          } else {
            this.state = 'in';
            this.elemLine = this.line;
            this.depth = 0;
            this.inString = c === 34;
            this.escape = false;
            if (c === 123 || c === 91) this.depth = 1;
            segStart = i;
          }
          break;
        case 'in':
          if (this.inString) {
            if (this.escape) this.escape = false;
            else if (c === 92 /* \ */) this.escape = true;
            else if (c === 34 /* " */) this.inString = false;
          } else if (c === 34) this.inString = true;
          else if (c === 123 || c === 91) this.depth++;
          else if (c === 125 /* } */ || c === 93) {
            if (this.depth > 0) this.depth--;
            else if (c === 93) {
              this.emit(out, text.slice(segStart, i));
              this.state = 'done';
            }
          } else if (c === 44 && this.depth === 0) {
            this.emit(out, text.slice(segStart, i));
            this.state = 'elem';
          }
          break;
        case 'done':
          if (!isWs(c)) this.fail(out, 'invalid JSON: unexpected content after the closing "]"');
          break;
      }
    }
    if (this.state === 'in') this.parts.push(text.slice(segStart));
    return out;
  }

  end(): RawRecord[] {
    const out: RawRecord[] = [];
    if (this.state === 'in') out.push({ line: this.elemLine, error: 'invalid JSON: unexpected end of input (array not closed)' });
    else if (this.state === 'first' || this.state === 'elem') out.push({ line: this.line, error: 'invalid JSON: unexpected end of input (array not closed)' });
    this.state = 'dead';
    this.parts = [];
    return out;
  }

  private emit(out: RawRecord[], tail: string): void {
    const text = this.parts.length ? this.parts.join('') + tail : tail;
    this.parts = [];
    try {
      out.push({ line: this.elemLine, value: JSON.parse(text) });
    } catch (err) {
      out.push({ line: this.elemLine, error: `invalid JSON: ${(err as Error).message}` });
    }
  }

  private fail(out: RawRecord[], reason: string): void {
    out.push({ line: this.line, error: reason });
    this.state = 'dead';
  }
}
