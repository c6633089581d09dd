import { Router } from 'express';

/** Serves the analyst page at `/` (filled in by the web milestone). */
export function webRoutes(): Router {
  return Router();
}
