// Operations tracked across scans: the list (with a "new since last scan" filter) and one
// operation's history (size per scan, members joining and leaving).
import { accountHref, clusterHref, type View } from './context.js';
import { h } from './dom.js';
import { fmtScore, fmtTime } from './format.js';
import { historyRows, lastScanAt, newSinceLastScan, operationsApi, type OperationItem } from './operations.js';

export const operationHref = (id: string) => `#/operations/${encodeURIComponent(id)}`;

export const operationsView: View = (main, ctx, params) => {
  const onlyNew = params.get('new') === '1';
  const status = h('p', { class: 'muted', 'aria-live': 'polite' }, 'Loading operations…');
  const box = h('input', { type: 'checkbox', id: 'ops-new', checked: onlyNew });
  box.addEventListener('change', () => ctx.go(box.checked ? '#/operations?new=1' : '#/operations'));
  const body = h('tbody');
  main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Operations'), h('p', { class: 'muted' }, 'Flagged clusters matched across scans by their members. An operation keeps its id while it continues, grows, shrinks, merges or splits.')),
    h('div', { class: 'filters' }, h('div', { class: 'field actions' }, box, h('label', { for: 'ops-new' }, 'New since last scan'))),
    status,
    h('div', { class: 'table-wrap' }, h('table', { 'aria-label': 'Operations' },
      h('thead', null, h('tr', null, ['Operation', 'Status', 'Members', 'Score', 'Scans', 'First seen', 'Last seen', 'Reviewed'].map((t) => h('th', { scope: 'col' }, t)))),
      body)),
  );
  let live = true;
  operationsApi.list().then(({ items }) => {
    if (!live) return;
    const shown: OperationItem[] = onlyNew ? newSinceLastScan(items) : items;
    const last = lastScanAt(items);
    status.textContent = items.length
      ? `${shown.length} of ${items.length} operations${last ? `; last scan ${fmtTime(last)}` : ''}.`
      : 'No operations yet: scans run with a history (lockstep daily, scan --history, or API scans) record them.';
    body.replaceChildren(...shown.map((o) => h('tr', null,
      h('td', null, h('a', { href: operationHref(o.id) }, o.id)),
      h('td', null, h('span', { class: `chip status-${o.status}` }, o.status)),
      h('td', { class: 'num' }, o.members),
      h('td', { class: 'num' }, fmtScore(o.score)),
      h('td', { class: 'num' }, o.scans),
      h('td', { class: 'nowrap' }, fmtTime(o.firstSeenAt)),
      h('td', { class: 'nowrap' }, fmtTime(o.lastSeenAt)),
      h('td', null, o.reviewed ? 'yes' : 'no'))));
  }, (err: unknown) => live && ctx.fail(status, err));
  return () => { live = false; };
};

export const operationView: View = (main, ctx, _params, id) => {
  const status = h('p', { class: 'muted', 'aria-live': 'polite' }, 'Loading…');
  main.append(h('p', null, h('a', { href: '#/operations' }, '← Operations')), h('h1', null, `Operation ${id}`), status);
  let live = true;
  operationsApi.get(id!).then((op) => {
    if (!live) return;
    status.textContent = `${op.members} members in its latest scan (${op.allMembers.length} ever); seen in ${op.scans} scans, ${fmtTime(op.firstSeenAt)} to ${fmtTime(op.lastSeenAt)}; latest status ${op.status}.`;
    const rows = historyRows(op);
    main.append(
      h('h2', null, 'Size per scan'),
      h('div', { class: 'table-wrap' }, h('table', { 'aria-label': 'Operation history' },
        h('thead', null, h('tr', null, ['Scan', 'When', 'Clusters', 'Status', 'Members', '', 'Joined', 'Left'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, rows.map((r) => h('tr', null,
          h('td', null, r.scan),
          h('td', { class: 'nowrap' }, fmtTime(r.at)),
          h('td', null, r.clusters.map((c, i) => [i ? ', ' : '', h('a', { href: clusterHref(c) }, c)])),
          h('td', null, r.status),
          h('td', { class: 'num' }, r.size),
          h('td', null, h('meter', { min: 0, max: 1, value: String(r.share), 'aria-label': `${r.size} members` })),
          h('td', { class: 'num' }, r.joined ? `+${r.joined}` : '0'),
          h('td', { class: 'num' }, r.left ? `−${r.left}` : '0')))))),
      h('h2', null, 'Members joining and leaving'),
      ...op.steps.filter((s) => s.joined.length || s.left.length).map((s) => h('details', { class: 'card' },
        h('summary', null, `${s.scan}: +${s.joined.length} joined, −${s.left.length} left`),
        s.joined.length ? h('p', null, 'Joined: ', s.joined.map((m, i) => [i ? ', ' : '', h('a', { href: accountHref(m) }, m)])) : null,
        s.left.length ? h('p', null, 'Left: ', s.left.map((m, i) => [i ? ', ' : '', h('a', { href: accountHref(m) }, m)])) : null)),
    );
  }, (err: unknown) => live && ctx.fail(status, err));
  return () => { live = false; };
};
