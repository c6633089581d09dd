import { InvalidArgumentError } from 'commander';

/** Argument parsers that reject bad values with a message naming the expectation. */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number.');
  return n;
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer.');
  return n;
}

export function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected an integer.');
  return n;
}

export function unitInterval(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a number between 0 and 1.');
  return n;
}

export function numberList(value: string): number[] {
  const list = value.split(',').map((v) => Number(v.trim()));
  if (!list.length || list.some((n) => !Number.isFinite(n) || n <= 0)) throw new InvalidArgumentError('expected comma-separated positive numbers, e.g. 1,5,15.');
  return list;
}

// Times (--from, --to, --day) are parsed by the scan service's one parser: src/scan/time.ts.
