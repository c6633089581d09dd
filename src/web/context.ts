// What every view gets from the shell: navigation and uniform error handling.
export interface ViewContext {
  /** Changes the hash route (never carries the key). */
  go(hash: string): void;
  /** Shows an API error in the view, or sends the analyst back to the key form on 401. */
  fail(where: HTMLElement, err: unknown): void;
}

/** A view renders into `main` and may return a clean-up function (e.g. to free WebGL). */
export type View = (main: HTMLElement, ctx: ViewContext, params: URLSearchParams, arg?: string) => void | (() => void);

export function clusterHref(id: string): string {
  return `#/clusters/${encodeURIComponent(id)}`;
}
export function accountHref(id: string): string {
  return `#/accounts/${encodeURIComponent(id)}`;
}
