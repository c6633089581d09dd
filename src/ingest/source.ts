import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, type ZlibOptions } from 'node:zlib';
import { SourceError } from './errors.js';

/** The concrete input formats. `auto` picks one from the file name, else from the first byte. */
export type InputFormat = 'ndjson' | 'csv' | 'json';
export type FormatOption = 'auto' | InputFormat;

/** The source name that means standard input. */
export const STDIN = '-';

/** How a source is named in rejects and messages. */
export function sourceLabel(source: string): string {
  return source === STDIN ? 'stdin' : source;
}

/** Format implied by a file name (`.ndjson`/`.jsonl`/`.json`/`.csv`, optionally `.gz`), if any. */
export function formatFromName(name: string): InputFormat | undefined {
  const base = name.toLowerCase().replace(/\.gz$/, '');
  if (base.endsWith('.ndjson') || base.endsWith('.jsonl')) return 'ndjson';
  if (base.endsWith('.json')) return 'json';
  if (base.endsWith('.csv')) return 'csv';
  return undefined;
}

/**
 * Format implied by the first non-blank character: `[` a JSON array, `{` NDJSON, anything else CSV.
 * Undefined while the text seen so far is blank.
 */
export function sniffFormat(text: string): InputFormat | undefined {
  const m = /\S/.exec(text);
  if (!m) return undefined;
  return m[0] === '[' ? 'json' : m[0] === '{' ? 'ndjson' : 'csv';
}

/** Decompression failed part-way: the data read so far is kept, the rest of the source is lost. */
export class CorruptInputError extends Error {}

// Reading and gunzip run on libuv's thread pool, one round trip per chunk; on a busy machine each
// round trip can wait for a thread to be scheduled, so chunks are large (fewer trips, also fewer
// through the async reading layers), and gunzip may run ahead of the reader by several chunks
// (READ_AHEAD) instead of waiting for each one to be taken.
const CHUNK = 1024 * 1024;
const READ_AHEAD = 8 * CHUNK;

async function* rawBytes(source: string, stdin?: NodeJS.ReadableStream): AsyncGenerator<Buffer> {
  const stream = source === STDIN ? (stdin ?? process.stdin) : createReadStream(source, { highWaterMark: CHUNK });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  } catch (err) {
    throw new SourceError(sourceLabel(source), err instanceof Error ? err.message : String(err), { cause: err });
  }
}

async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
}

/** Bytes of a source, gunzipped when it starts with the gzip magic bytes (so `.gz` or not, it just works). */
export async function* sourceBytes(source: string, stdin?: NodeJS.ReadableStream): AsyncGenerator<Buffer> {
  const it = rawBytes(source, stdin);
  let first: Buffer = Buffer.alloc(0);
  // Gather two bytes to check the magic number (a chunk may be a single byte on a pipe).
  while (first.length < 2) {
    const r = await it.next();
    if (r.done) break;
    first = first.length ? Buffer.concat([first, r.value]) : r.value;
  }
  if (first.length === 0) return;
  if (first[0] !== 0x1f || first[1] !== 0x8b) {
    yield* prepend(first, it);
    return;
  }
  // (zlib hands stream options such as readableHighWaterMark on to its Transform; its types omit them.)
  const gunzipOptions = { chunkSize: CHUNK, readableHighWaterMark: READ_AHEAD } as ZlibOptions;
  const gunzip = pipeline(Readable.from(prepend(first, it)), createGunzip(gunzipOptions), () => {});
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
  } catch (err) {
    if (err instanceof SourceError) throw err;
    throw new CorruptInputError(`gzip: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** UTF-8 text of a source in chunks (multi-byte characters never split; a leading BOM dropped). */
export function sourceText(source: string, stdin?: NodeJS.ReadableStream): AsyncGenerator<string> {
  return decodeText(sourceBytes(source, stdin));
}

/** UTF-8 text of a byte stream in chunks (multi-byte characters never split; a leading BOM dropped). */
export async function* decodeText(bytes: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of bytes) {
    let s = decoder.write(chunk);
    if (first && s.length) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      first = false;
    }
    if (s.length) yield s;
  }
  const tail = decoder.end();
  if (tail.length) yield tail;
}

/**
 * Reads a byte stream until its format shows (sniffFormat of its text, a leading BOM aside).
 * Returns the format (undefined for blank input) and the bytes read so far, which the caller reads
 * again before the rest of the stream.
 */
export async function sniffBytes(bytes: AsyncIterator<Buffer>): Promise<{ format: InputFormat | undefined; head: Buffer[] }> {
  const head: Buffer[] = [];
  const decoder = new StringDecoder('utf8');
  let text = '';
  for (let r = await bytes.next(); !r.done; r = await bytes.next()) {
    head.push(r.value);
    text += decoder.write(r.value);
    const format = sniffFormat(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    if (format) return { format, head };
  }
  text += decoder.end();
  return { format: sniffFormat(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text), head };
}

/** The chunks of `head`, then the rest of `rest`. */
export async function* prependAll(head: Buffer[], rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield* head;
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
}
