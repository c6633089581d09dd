// Entry of the analyst page bundle. The same file doubles as the layout web worker, so the page
// needs no second script and the CSP can stay 'self' (no blob: workers).
import './app.css';
import { accountView } from './account-view.js';
import { ApiError, api, clearKey, getKey, setKey } from './api.js';
import { clusterView } from './cluster-view.js';
import type { View, ViewContext } from './context.js';
import { h } from './dom.js';
import { serveLayoutRequests } from './layout-client.js';
import { listView } from './list-view.js';
import { operationsView, operationView } from './operations-view.js';

function describe(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return `${err.title}. Is the server running? (${err.detail ?? ''})`;
    if (err.status === 403) return 'This key is not allowed to do that (403 Forbidden).';
    if (err.status === 404) return `Not found (404): ${err.detail ?? err.title}`;
    return `The API answered ${err.status}: ${err.message}`;
  }
  return err instanceof Error ? err.message : String(err);
}

function boot(): void {
  const root = document.getElementById('app')!;
  const main = h('main', { id: 'main', tabindex: '-1' });
  const signOut = h('button', { type: 'button', class: 'link-button' }, 'Sign out');
  const who = h('span', { class: 'who' });
  const header = h('header', { class: 'top' },
    h('button', { type: 'button', class: 'skip', onclick: () => main.focus() }, 'Skip to content'),
    h('a', { href: '#/', class: 'brand' }, 'Lockstep'),
    h('nav', { 'aria-label': 'Main' }, h('a', { href: '#/' }, 'Clusters'), ' ', h('a', { href: '#/operations' }, 'Operations')),
    h('div', { class: 'session' }, who, signOut));
  root.replaceChildren(header, main);
  let cleanup: void | (() => void);

  const ctx: ViewContext = {
    go: (hash) => {
      if (location.hash === hash) route();
      else location.hash = hash;
    },
    fail: (where, err) => {
      if (err instanceof ApiError && err.status === 401) {
        clearKey();
        showLogin('The API rejected this key (401 Unauthorized). Check the key and enter it again.');
        return;
      }
      where.textContent = describe(err);
      where.classList.add('error');
      where.setAttribute('role', 'alert');
    },
  };

  function showLogin(message?: string): void {
    cleanup?.();
    cleanup = undefined;
    header.classList.add('signed-out');
    const input = h('input', { id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
    const error = h('p', { class: 'error', role: 'alert', id: 'login-error' }, message ?? '');
    const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
    const form = h('form', { class: 'login card', 'aria-labelledby': 'login-h', method: 'post' },
      h('h1', { id: 'login-h' }, 'Sign in to Lockstep'),
      h('label', { for: 'api-key' }, 'API key'),
      input,
      h('p', { class: 'muted small' }, 'The key is kept in this tab only (sessionStorage) and sent in the Authorization header — never in a URL.'),
      button, error);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const key = input.value.trim();
      if (!key) return;
      button.disabled = true;
      error.textContent = 'Checking the key…';
      setKey(key);
      api.listClusters({ limit: 1 }).then(
        () => { input.value = ''; route(); },
        (err: unknown) => {
          clearKey();
          error.textContent = err instanceof ApiError && err.status === 401
            ? 'The API rejected this key (401 Unauthorized). Check the key and try again.'
            : `Could not sign in: ${describe(err)}`;
          input.select();
        },
      ).finally(() => { button.disabled = false; });
    });
    main.replaceChildren(form);
    input.focus();
  }

  function route(): void {
    cleanup?.();
    cleanup = undefined;
    if (!getKey()) { showLogin(); return; }
    header.classList.remove('signed-out');
    who.textContent = 'Key set for this tab';
    const [path, query] = (location.hash.slice(1) || '/').split('?');
    const params = new URLSearchParams(query ?? '');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    let view: View = listView;
    let arg: string | undefined;
    if (parts[0] === 'clusters' && parts[1]) { view = clusterView; arg = parts[1]; }
    else if (parts[0] === 'accounts' && parts[1]) { view = accountView; arg = parts[1]; }
    else if (parts[0] === 'operations') { view = parts[1] ? operationView : operationsView; arg = parts[1]; }
    main.replaceChildren();
    cleanup = view(main, ctx, params, arg);
    window.scrollTo(0, 0);
  }

  signOut.addEventListener('click', () => { clearKey(); showLogin('Signed out.'); });
  window.addEventListener('hashchange', route);
  route();
}

if (typeof document === 'undefined') serveLayoutRequests(self as unknown as Parameters<typeof serveLayoutRequests>[0]);
else boot();
