/**
 * Day files for the history tests, from the project's generator: a generated world split by UTC day
 * (or at noon), where one campaign's accounts stop after the first day (banned) and one campaign's
 * accounts appear only later (a new operation). Which campaigns play those parts is chosen by the
 * caller (the tests pick campaigns detection finds, so they test the history, not detection's recall).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { events, generate, prepare, type GeneratedEvent, type Truth } from '../../scripts/generator/index.js';

export type Campaign = Truth['campaigns'][number];

const DAY = 86_400_000;

export interface World {
  all: GeneratedEvent[];
  truth: Truth;
  /** UTC midnight of the first day. */
  start: number;
}

export function generateWorld(opts: { seed: number; events: number; days: number; tz?: readonly (readonly [number, number])[] }): World {
  const g = generate({ scenario: 'mixed', seed: opts.seed, events: opts.events, days: opts.days, tweak: opts.tz ? (cfg) => ({ ...cfg, tz: opts.tz! }) : undefined });
  return { all: [...events(g.world.store, prepare(g.world.store, 'time', opts.seed))], truth: g.truth, start: Date.parse(g.truth.start.slice(0, 10)) };
}

export function writeEvents(file: string, es: readonly GeneratedEvent[]): string {
  writeFileSync(file, es.map((e) => JSON.stringify({ ...e, ts: new Date(e.ts).toISOString() })).join('\n') + '\n');
  return file;
}

/** Removes a campaign's accounts' events outside [from, to). */
export function onlyBetween(es: readonly GeneratedEvent[], c: Campaign | undefined, from: number, to: number): GeneratedEvent[] {
  if (!c) return [...es];
  const members = new Set(c.members);
  return es.filter((e) => !members.has(e.account) || (e.ts >= from && e.ts < to));
}

/** One NDJSON file per UTC day; returns the files and the days (YYYY-MM-DD). */
export function writeDays(dir: string, w: World, es: readonly GeneratedEvent[], days: number, prefix = ''): { files: string[]; days: string[] } {
  const files: string[] = [];
  const names: string[] = [];
  for (let d = 0; d < days; d++) {
    const day = new Date(w.start + d * DAY).toISOString().slice(0, 10);
    files.push(writeEvents(join(dir, `${prefix}${day}.ndjson`), es.filter((e) => e.ts >= w.start + d * DAY && e.ts < w.start + (d + 1) * DAY)));
    names.push(day);
  }
  return { files, days: names };
}

/** The two halves of the first day, split at noon UTC. */
export function writeHalves(dir: string, w: World, es: readonly GeneratedEvent[], prefix = ''): [string, string] {
  const noon = w.start + DAY / 2;
  return [writeEvents(join(dir, `${prefix}first-half.ndjson`), es.filter((e) => e.ts < noon)), writeEvents(join(dir, `${prefix}second-half.ndjson`), es.filter((e) => e.ts >= noon && e.ts < w.start + DAY))];
}

export { DAY };
