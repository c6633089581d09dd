import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import type { ZodError } from 'zod';

/** A field-level validation failure, as listed in a problem's `errors`. */
export interface FieldError {
  field: string;
  message: string;
}

/** An RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
}

/** An error that becomes an application/problem+json response with this status (never a 5xx for bad input). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    detail?: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? STATUS_CODES[status] ?? 'error');
  }
}

export function problemType(slug: string): string {
  return slug === 'about:blank' ? slug : `urn:lockstep:problem:${slug}`;
}

export function problemBody(req: Request, status: number, slug: string, detail?: string, errors?: FieldError[]): Problem {
  const p: Problem = { type: problemType(slug), title: STATUS_CODES[status] ?? 'Error', status };
  if (detail !== undefined) p.detail = detail;
  // The path only: query strings may carry values the client would not want echoed into logs/proxies.
  p.instance = req.path;
  if (errors?.length) p.errors = errors;
  return p;
}

export function sendProblem(req: Request, res: Response, status: number, slug: string, detail?: string, errors?: FieldError[]): void {
  res.status(status).type('application/problem+json').send(JSON.stringify(problemBody(req, status, slug, detail, errors)));
}

/** zod issues as `{field, message}`, the field named by its dotted path (or `(body)` for the whole value). */
export function zodFieldErrors(err: ZodError, root: string): FieldError[] {
  return err.issues.map((i) => ({
    field: i.path.length ? i.path.map(String).join('.') : root,
    message: i.message,
  }));
}
