// One account: every cluster it was in, and its activity timeline with the actions that appear
// in cluster evidence highlighted against its faded ordinary activity.
import type { StoredCluster } from '../store/types.js';
import { api, type AccountEvent } from './api.js';
import { clusterHref, type View } from './context.js';
import { h, hidpiContext } from './dom.js';
import { fmtClock, fmtScore, fmtTime } from './format.js';
import { reviewBadge } from './review-view.js';
import { timeTicks } from './timeline.js';

const ROW_H = 24;

/** Keys of this account's actions that some cluster cites as evidence. */
export function evidenceKeys(account: string, clusters: readonly StoredCluster[]): Set<string> {
  const keys = new Set<string>();
  for (const c of clusters) for (const ev of c.evidence ?? []) for (const m of ev.members) {
    if (m.account !== account) continue;
    if (m.eventId) keys.add(`id:${m.eventId}`);
    keys.add(`at:${ev.action}|${ev.target}|${Date.parse(m.ts)}`);
  }
  return keys;
}

function tsOf(e: AccountEvent): number {
  return typeof e.ts === 'number' ? e.ts : Date.parse(e.ts);
}

function inEvidence(e: AccountEvent, keys: Set<string>): boolean {
  return (e.id !== undefined && keys.has(`id:${e.id}`)) || keys.has(`at:${e.action}|${e.target ?? ''}|${tsOf(e)}`);
}

function drawActivity(canvas: HTMLCanvasElement, events: AccountEvent[], keys: Set<string>, width: number): void {
  const actions = [...new Set(events.map((e) => e.action))].sort();
  const height = actions.length * ROW_H + 30;
  const ctx = hidpiContext(canvas, width, height);
  const ts = events.map(tsOf);
  const lo = Math.min(...ts);
  const hi = Math.max(...ts, lo + 60_000);
  const L = 90;
  const W = width - L - 16;
  const x = (t: number): number => L + ((t - lo) / (hi - lo)) * W;
  const axisY = actions.length * ROW_H + 4;
  ctx.strokeStyle = '#e6e9ef';
  ctx.fillStyle = '#5b6475';
  ctx.textAlign = 'center';
  for (const t of timeTicks(lo, hi, Math.max(3, Math.floor(W / 90)))) {
    ctx.beginPath(); ctx.moveTo(x(t), 4); ctx.lineTo(x(t), axisY); ctx.stroke();
    ctx.fillText(fmtClock(t), x(t), axisY + 12);
  }
  ctx.textAlign = 'left';
  actions.forEach((a, i) => {
    const y = 4 + i * ROW_H;
    ctx.fillStyle = '#1b2333';
    ctx.fillText(a, 6, y + ROW_H / 2);
    for (const e of events) {
      if (e.action !== a) continue;
      const hit = inEvidence(e, keys);
      ctx.strokeStyle = hit ? 'rgba(214,39,40,0.9)' : 'rgba(90,98,112,0.25)';
      ctx.lineWidth = hit ? 2 : 1.5;
      ctx.beginPath(); ctx.moveTo(x(tsOf(e)), y + 4); ctx.lineTo(x(tsOf(e)), y + ROW_H - 4); ctx.stroke();
    }
  });
}

export const accountView: View = (main, ctx, _params, account) => {
  const id = account!;
  const status = h('p', { role: 'status' }, 'Loading account…');
  main.replaceChildren(h('a', { href: '#/', class: 'back' }, '← All clusters'), h('h1', null, `Account ${id}`), status);
  let ro: ResizeObserver | undefined;
  Promise.all([api.accountClusters(id), api.accountEvents(id, 1000)]).then(([clusters, events]) => {
    const keys = evidenceKeys(id, clusters);
    const sorted = [...events].sort((a, b) => tsOf(a) - tsOf(b));
    const cited = sorted.filter((e) => inEvidence(e, keys)).length;
    status.textContent = `In ${clusters.length} flagged cluster${clusters.length === 1 ? '' : 's'}; ${events.length} recent events, ${cited} cited as evidence.`;
    const canvas = h('canvas', { 'data-testid': 'activity', role: 'img', 'aria-label': `Activity timeline: ${events.length} events, ${cited} cited as cluster evidence` });
    const box = h('div', { class: 'timeline-box' }, canvas);
    const draw = (): void => { if (sorted.length && box.clientWidth > 0) drawActivity(canvas, sorted, keys, box.clientWidth); };
    ro = new ResizeObserver(draw);
    ro.observe(box);
    main.append(
      h('section', { class: 'card', 'aria-labelledby': 'acc-clusters-h' },
        h('h2', { id: 'acc-clusters-h' }, 'Clusters this account was in'),
        clusters.length === 0 ? h('p', { class: 'muted' }, 'None.') :
          h('table', { class: 'clusters', 'data-testid': 'account-clusters' },
            h('thead', null, h('tr', null, ['Cluster', 'Score', 'Members', 'First seen', 'Summary', 'Analyst review'].map((t) => h('th', { scope: 'col' }, t)))),
            h('tbody', null, clusters.map((c) => h('tr', null,
              h('td', null, h('a', { href: clusterHref(c.id) }, c.id)),
              h('td', { class: 'num' }, fmtScore(c.score)),
              h('td', { class: 'num' }, String(c.members.length)),
              h('td', { class: 'nowrap' }, fmtTime(c.firstSeen)),
              h('td', { class: 'summary' }, c.summary),
              h('td', null, reviewBadge(c.review))))))),
      h('section', { class: 'card', 'aria-labelledby': 'acc-activity-h' },
        h('h2', { id: 'acc-activity-h' }, 'Activity timeline'),
        h('p', { class: 'muted small' }, 'Red: actions cited as coordination evidence. Grey: the account\'s other activity.'),
        sorted.length ? box : h('p', { class: 'muted' }, 'No events stored for this account.')),
      h('section', { class: 'card', 'aria-labelledby': 'acc-events-h' },
        h('h2', { id: 'acc-events-h' }, 'Events'),
        h('div', { class: 'table-scroll tall', tabindex: '0', 'aria-label': 'Events (scrollable)' },
          h('table', { class: 'evidence-table' },
            h('thead', null, h('tr', null, ['Time (UTC)', 'Action', 'Target', 'Text', 'Evidence'].map((t) => h('th', { scope: 'col' }, t)))),
            h('tbody', null, sorted.slice(-500).reverse().map((e) => h('tr', { class: inEvidence(e, keys) ? 'cited' : '' },
              h('td', { class: 'nowrap' }, fmtTime(tsOf(e))), h('td', null, e.action), h('td', { class: 'target' }, e.target ?? ''),
              h('td', { class: 'text' }, e.text ?? ''), h('td', null, inEvidence(e, keys) ? 'cited' : ''))))))),
    );
  }, (err: unknown) => ctx.fail(status, err));
  return () => ro?.disconnect();
};
