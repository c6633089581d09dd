import type { RequestHandler, Response } from 'express';
import { allows, findKey, type ApiKey, type Principal, type Role } from './keys.js';
import { HttpProblem } from './problem.js';

/** The authenticated caller, set by `authenticate`. */
export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}

/** Requires `Authorization: Bearer <key>` naming a configured key (401 otherwise). */
export function authenticate(keys: readonly ApiKey[]): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const m = /^Bearer[ \t]+(\S{1,512})[ \t]*$/i.exec(header);
    const key = m ? findKey(keys, m[1]) : undefined;
    if (!key) {
      const detail = header ? 'the API key is not valid' : 'an API key is required (Authorization: Bearer <key>)';
      return next(new HttpProblem(401, 'unauthorized', detail, undefined, { 'WWW-Authenticate': 'Bearer realm="lockstep"' }));
    }
    res.locals.principal = { name: key.name, role: key.role } satisfies Principal;
    next();
  };
}

/** 403 unless the caller's role includes `need`. */
export function requireRole(need: Role): RequestHandler {
  return (_req, res, next) => {
    if (allows(principalOf(res).role, need)) return next();
    next(new HttpProblem(403, 'forbidden', `this operation needs the ${need} role`));
  };
}
