// Cluster list: filters (sent to the API), client-side sorting of what is loaded, cursor paging.
import type { ReviewState, StoredCluster } from '../store/types.js';
import { api, type ClusterFilters } from './api.js';
import { clusterHref, type View } from './context.js';
import { h } from './dom.js';
import { fmtScore, fmtTime, REVIEW_LABELS } from './format.js';
import { reviewBadge } from './review-view.js';
import { KNOWN_SIGNALS, signalColor, signalFromQuery, signalLabel, visibleSignals } from './signals.js';
import { sortClusters, type SortDir, type SortKey } from './sort.js';

const PAGE = 50;
const SORTS: [SortKey, string][] = [['score', 'Score'], ['size', 'Members'], ['time', 'First seen'], ['signal', 'Main signal']];

/** datetime-local values are read as UTC (the page shows UTC everywhere). */
function localToIso(v: string): string | undefined {
  if (!v) return undefined;
  const d = new Date(`${v.length === 16 ? `${v}:00` : v}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
function isoToLocal(v: string | null): string {
  return v ? v.slice(0, 16) : '';
}

function filtersFrom(p: URLSearchParams): ClusterFilters {
  const min = p.get('minScore');
  return {
    minScore: min ? Number(min) : undefined,
    signal: p.get('signal') ?? undefined,
    account: p.get('account') ?? undefined,
    from: p.get('from') ?? undefined,
    to: p.get('to') ?? undefined,
    review: (p.get('review') as ReviewState | 'unreviewed' | null) ?? undefined,
    limit: PAGE,
  };
}

/** Signal chips in plain words; signals under 1% of the edge weight get none. */
function signalChips(c: StoredCluster): HTMLElement {
  return h('span', { class: 'chips' }, visibleSignals(c.signals).map(([name, s]) =>
    h('span', { class: 'chip', 'data-signal': name, title: `${signalLabel(name)}: ${Math.round(s.weight * 100)}% of edge weight, ${s.pairs} pairs, ${s.targets} targets` },
      h('span', { class: 'swatch', 'data-color': signalColor(name) }), `${signalLabel(name)} ${Math.round(s.weight * 100)}%`)));
}

export const listView: View = (main, ctx, params) => {
  const filters = filtersFrom(params);
  let sortKey = (params.get('sort') as SortKey | null) ?? 'score';
  let sortDir = (params.get('dir') as SortDir | null) ?? 'desc';
  let items: StoredCluster[] = [];
  let nextCursor: string | undefined;

  const field = (id: string, label: string, input: HTMLElement): HTMLElement =>
    h('div', { class: 'field' }, h('label', { for: id }, label), input);
  const minScore = h('input', { id: 'f-min', name: 'minScore', type: 'number', step: '0.05', min: '0', inputmode: 'decimal', value: params.get('minScore') ?? '' });
  // The filter shows and accepts plain words ("share", "near-identical text"); the API gets the internal name.
  const signal = h('input', { id: 'f-signal', name: 'signal', list: 'signal-names', value: params.get('signal') ? signalLabel(params.get('signal')!) : '', placeholder: 'any, e.g. share' });
  const signalList = h('datalist', { id: 'signal-names' });
  const from = h('input', { id: 'f-from', name: 'from', type: 'datetime-local', value: isoToLocal(params.get('from')) });
  const to = h('input', { id: 'f-to', name: 'to', type: 'datetime-local', value: isoToLocal(params.get('to')) });
  const review = h('select', { id: 'f-review', name: 'review' },
    h('option', { value: '' }, 'Any'),
    ['unreviewed', 'confirmed', 'dismissed', 'needs-more-evidence'].map((s) => h('option', { value: s, selected: params.get('review') === s }, REVIEW_LABELS[s])));
  const account = h('input', { id: 'f-account', name: 'account', type: 'search', value: params.get('account') ?? '', placeholder: 'account id' });

  const form = h('form', { class: 'filters', 'aria-label': 'Filter clusters' },
    field('f-min', 'Min score', minScore),
    field('f-signal', 'Signal', signal), signalList,
    field('f-from', 'From (UTC)', from),
    field('f-to', 'To (UTC)', to),
    field('f-review', 'Review', review),
    field('f-account', 'Account', account),
    h('div', { class: 'field actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Apply'),
      h('button', { type: 'button', onclick: () => ctx.go('#/') }, 'Reset')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    const set = (k: string, v: string | undefined): void => { if (v) q.set(k, v); };
    set('minScore', minScore.value);
    set('signal', signalFromQuery(signal.value, items.flatMap((c) => Object.keys(c.signals ?? {}))));
    set('from', localToIso(from.value));
    set('to', localToIso(to.value));
    set('review', review.value);
    set('account', account.value.trim());
    set('sort', sortKey);
    set('dir', sortDir);
    ctx.go(`#/?${q}`);
  });

  const sortSelect = h('select', { id: 'sort-key' }, SORTS.map(([k, l]) => h('option', { value: k, selected: k === sortKey }, l)));
  const dirButton = h('button', { type: 'button', id: 'sort-dir' });
  const status = h('p', { class: 'list-status', role: 'status', 'aria-live': 'polite' }, 'Loading clusters…');
  const tbody = h('tbody');
  const more = h('button', { type: 'button', hidden: true }, 'Load more');
  const thead = h('thead');
  const table = h('table', { class: 'clusters', 'data-testid': 'cluster-table' }, h('caption', { class: 'sr-only' }, 'Flagged clusters'), thead, tbody);

  const headerCell = (label: string, key?: SortKey): HTMLElement => {
    if (!key) return h('th', { scope: 'col' }, label);
    const active = key === sortKey;
    return h('th', { scope: 'col', 'aria-sort': active ? (sortDir === 'asc' ? 'ascending' : 'descending') : 'none' },
      h('button', { type: 'button', class: 'th-sort', onclick: () => setSort(key, active ? (sortDir === 'asc' ? 'desc' : 'asc') : 'desc') },
        label, active ? (sortDir === 'asc' ? ' ▲' : ' ▼') : ''));
  };

  const render = (): void => {
    dirButton.textContent = sortDir === 'asc' ? 'Ascending ▲' : 'Descending ▼';
    dirButton.setAttribute('aria-label', `Sort direction: ${sortDir === 'asc' ? 'ascending' : 'descending'}`);
    thead.replaceChildren(h('tr', null,
      headerCell('Score', 'score'), headerCell('Members', 'size'), headerCell('Main signal', 'signal'), headerCell('First seen', 'time'),
      headerCell('Summary'), headerCell('Analyst review')));
    const sorted = sortClusters(items, sortKey, sortDir);
    tbody.replaceChildren(...sorted.map((c) => {
      const href = clusterHref(c.id);
      const row = h('tr', { 'data-cluster': c.id },
        h('td', { class: 'num' }, h('span', { class: 'score-bar', 'data-score': String(Math.min(1, c.score)) }), h('a', { href, class: 'score-link', 'aria-label': `Open cluster ${c.id}, score ${fmtScore(c.score)}` }, fmtScore(c.score))),
        h('td', { class: 'num' }, String(c.members.length)),
        h('td', null, signalChips(c)),
        h('td', { class: 'nowrap' }, fmtTime(c.firstSeen)),
        h('td', { class: 'summary' }, h('a', { href, tabindex: '-1' }, c.summary || `Cluster ${c.id}`)),
        h('td', null, reviewBadge(c.review), c.review ? h('div', { class: 'muted small' }, `by ${c.review.by}`) : null),
      );
      row.addEventListener('click', (e) => { if (!(e.target as HTMLElement).closest('a')) ctx.go(href); });
      return row;
    }));
    applySwatches(tbody);
    const names = new Set([...KNOWN_SIGNALS, ...items.flatMap((c) => Object.keys(c.signals ?? {}))]);
    signalList.replaceChildren(...[...new Set([...names].map(signalLabel))].sort().map((n) => h('option', { value: n })));
    status.textContent = items.length === 0
      ? 'No flagged clusters match these filters.'
      : `${items.length} cluster${items.length === 1 ? '' : 's'} loaded${nextCursor ? ' (more available)' : ''}; sorted by ${SORTS.find(([k]) => k === sortKey)![1].toLowerCase()} within what is loaded.`;
    more.hidden = !nextCursor;
  };

  function setSort(key: SortKey, dir: SortDir): void {
    sortKey = key;
    sortDir = dir;
    sortSelect.value = key;
    const q = new URLSearchParams(params);
    q.set('sort', key);
    q.set('dir', dir);
    history.replaceState(null, '', `#/?${q}`);
    render();
  }
  sortSelect.addEventListener('change', () => setSort(sortSelect.value as SortKey, sortDir));
  dirButton.addEventListener('click', () => setSort(sortKey, sortDir === 'asc' ? 'desc' : 'asc'));

  const load = (cursor?: string): void => {
    more.disabled = true;
    api.listClusters({ ...filters, cursor }).then(
      (page) => {
        items = cursor ? [...items, ...page.items] : page.items;
        nextCursor = page.nextCursor;
        render();
      },
      (err: unknown) => ctx.fail(status, err),
    ).finally(() => { more.disabled = false; });
  };
  more.addEventListener('click', () => load(nextCursor));

  main.replaceChildren(
    h('div', { class: 'page-head' }, h('h1', null, 'Flagged clusters'),
      h('p', { class: 'muted' }, 'Groups the detector found acting in lockstep. The score is the detector\'s "coordinated" finding; the review column is the analyst\'s "inauthentic" judgement.')),
    form,
    h('div', { class: 'list-tools' }, status, h('div', { class: 'sort' }, h('label', { for: 'sort-key' }, 'Sort by'), sortSelect, dirButton)),
    h('div', { class: 'table-wrap' }, table),
    h('div', { class: 'pager' }, more),
  );
  render();
  status.textContent = 'Loading clusters…';
  load();
};

/** CSP forbids inline style attributes in markup, so colours and bar widths are set through CSSOM. */
export function applySwatches(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-color]')) el.style.background = el.dataset.color!;
  for (const el of root.querySelectorAll<HTMLElement>('[data-score]')) el.style.setProperty('--score', el.dataset.score!);
}
