import type { z } from 'zod';
import { HttpProblem, zodFieldErrors } from './problem.js';

export type Where = 'body' | 'query' | 'path';

/** Parses request input with a zod schema, or throws a 400 problem naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: Where): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new HttpProblem(400, 'validation', `invalid request ${where}`, zodFieldErrors(r.error, `(${where})`));
}
