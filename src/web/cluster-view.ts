// One cluster: member graph, synchrony timeline and evidence side by side, with the detector's
// finding and the analyst's judgement in separate cards.
import type { Evidence } from '../report/types.js';
import type { StoredCluster } from '../store/types.js';
import { api } from './api.js';
import { accountHref, type View, type ViewContext } from './context.js';
import { h } from './dom.js';
import { isTextDriven, textSamples } from './evidence.js';
import { exportCsv, exportJson, exportPng } from './export.js';
import { fmtDuration, fmtNumber, fmtOffset, fmtScore, fmtTime, readingLabel } from './format.js';
import { renderGraph, type EdgeHover, type GraphHandle } from './graph-view.js';
import { applySwatches } from './list-view.js';
import { reviewPanel } from './review-view.js';
import { signalColor, signalLabel, visibleSignals } from './signals.js';
import { buildTimeline } from './timeline.js';
import { drawTimeline, type DrawnTimeline, type TimelineMode } from './timeline-view.js';

const EVIDENCE_PAGE = 300;

function findingCard(c: StoredCluster): HTMLElement {
  const signals = visibleSignals(c.signals);
  const st = c.statistics;
  const reading = readingLabel(c.reading);
  return h('section', { class: 'card finding', 'aria-labelledby': 'finding-h' },
    h('h2', { id: 'finding-h' }, 'Detector finding: ', h('span', { class: 'coordinated' }, 'coordinated')),
    h('dl', { class: 'facts' },
      h('dt', null, 'Score'), h('dd', { 'data-testid': 'score' }, fmtScore(c.score)),
      h('dt', null, 'Members'), h('dd', { 'data-testid': 'member-count' }, String(c.members.length)),
      ...(reading ? [h('dt', null, 'Rests on'), h('dd', { 'data-testid': 'reading' }, reading)] : []),
      h('dt', null, 'Active'), h('dd', null, `${fmtTime(c.firstSeen)} → ${fmtTime(c.lastSeen)}`),
      h('dt', null, 'Scan'), h('dd', null, `${c.scanId} (${fmtTime(c.generatedAt)})`),
    ),
    h('h3', null, 'Signals'),
    h('ul', { class: 'signal-bars' }, signals.map(([name, s]) =>
      h('li', { title: `${s.pairs} member pairs, ${s.targets} targets` },
        h('span', { class: 'swatch', 'data-color': signalColor(name) }),
        h('span', { class: 'sig-name' }, signalLabel(name)),
        h('span', { class: 'bar' }, h('span', { class: 'bar-fill', 'data-score': String(s.weight), 'data-color': signalColor(name) })),
        h('span', { class: 'num' }, `${Math.round(s.weight * 100)}%`)))),
    st ? h('div', null,
      h('h3', null, 'Against the null model'),
      h('table', { class: 'stats', 'data-testid': 'statistics' },
        h('tbody', null, Object.entries(st).map(([k, v]) => h('tr', null, h('th', { scope: 'row' }, k), h('td', { class: 'num' }, fmtNumber(v))))))) : null,
  );
}

function evidenceTable(c: StoredCluster): HTMLElement {
  const rows = c.evidence.flatMap((ev) => ev.members.map((m) => ({ ev, m })));
  rows.sort((a, b) => (a.m.ts < b.m.ts ? -1 : a.m.ts > b.m.ts ? 1 : 0));
  const tbody = h('tbody');
  const more = h('button', { type: 'button' });
  let shown = 0;
  const showMore = (): void => {
    const next = rows.slice(shown, shown + EVIDENCE_PAGE);
    tbody.append(...next.map(({ ev, m }) => h('tr', null,
      h('td', { class: 'target' }, ev.target),
      h('td', null, ev.action),
      h('td', { class: 'nowrap' }, h('span', { class: 'swatch', 'data-color': signalColor(ev.signal) }), signalLabel(ev.signal)),
      h('td', null, h('a', { href: accountHref(m.account) }, m.account)),
      h('td', { class: 'nowrap' }, fmtTime(m.ts)),
      h('td', { class: 'text' }, m.text ?? ''))));
    applySwatches(tbody);
    shown += next.length;
    more.textContent = `Show ${Math.min(EVIDENCE_PAGE, rows.length - shown)} more of ${rows.length - shown} remaining`;
    more.hidden = shown >= rows.length;
  };
  more.addEventListener('click', showMore);
  showMore();
  return h('section', { class: 'panel evidence', 'aria-labelledby': 'evidence-h' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'evidence-h' }, 'Evidence'),
      h('span', { class: 'muted small' }, `${c.evidence.length} shared actions, ${rows.length} member actions`)),
    h('div', { class: 'table-scroll', tabindex: '0', 'aria-label': 'Evidence table (scrollable)' },
      h('table', { class: 'evidence-table', 'data-testid': 'evidence-table' },
        h('thead', null, h('tr', null, ['Target', 'Action', 'Signal', 'Member', 'Time (UTC)', 'Text'].map((t) => h('th', { scope: 'col' }, t)))),
        tbody),
      more));
}

function edgeDetails(hov: EdgeHover): HTMLElement[] {
  const { edge, evidence } = hov;
  const sigs = Object.entries(edge.signals).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${signalLabel(k)} ${fmtNumber(v)}`).join(', ');
  const item = (ev: Evidence): HTMLElement => {
    const a = ev.members.find((m) => m.account === edge.source);
    const b = ev.members.find((m) => m.account === edge.target);
    const gap = a && b ? Math.abs(Date.parse(a.ts) - Date.parse(b.ts)) / 1000 : NaN;
    return h('li', null, `${ev.action} ${ev.target} — ${fmtDuration(gap)} apart${signalLabel(ev.signal) === ev.action ? '' : ` (${signalLabel(ev.signal)})`}`);
  };
  return [
    h('strong', null, `${edge.source} ↔ ${edge.target}`),
    h('div', { class: 'small' }, `weight ${fmtNumber(edge.weight)}; ${sigs}`),
    h('ul', { class: 'edge-evidence small' }, evidence.slice(0, 8).map(item),
      evidence.length > 8 ? h('li', { class: 'muted' }, `… and ${evidence.length - 8} more`) : null,
      evidence.length === 0 ? h('li', { class: 'muted' }, 'No listed evidence for this pair.') : null),
  ];
}

/** The slider and switch that choose which edges the graph draws. */
function edgeControls(g: GraphHandle, canvasBox: HTMLElement, status: HTMLElement): HTMLElement {
  const slider = h('input', {
    id: 'edge-min', type: 'range', min: '0', max: String(Math.max(0, g.weights.length - 1)), step: '1', value: '0',
    'data-testid': 'edge-weight', disabled: g.weights.length < 2,
  });
  const shown = h('output', { for: 'edge-min', class: 'small' });
  const all = h('input', { id: 'edge-all', type: 'checkbox', 'data-testid': 'edge-all' });
  const allLabel = g.drawableEdges < g.totalEdges ? `strongest ${fmtInt(g.drawableEdges)}` : `all ${fmtInt(g.totalEdges)}`;
  const apply = (): void => {
    const minWeight = g.weights[Number(slider.value)] ?? 0;
    const drawn = g.setFilter({ all: all.checked, minWeight });
    shown.textContent = `≥ ${fmtNumber(minWeight)}`;
    canvasBox.dataset.edges = String(drawn);
    canvasBox.dataset.minWeight = String(minWeight);
    const what = all.checked ? allLabel : 'backbone';
    status.textContent = `${g.nodes} members; ${fmtInt(drawn)} of ${fmtInt(g.totalEdges)} edges drawn (${what}${minWeight > (g.weights[0] ?? 0) ? `, weight ≥ ${fmtNumber(minWeight)}` : ''})${g.derivedEdges ? ', derived from evidence' : ''}${g.isolated > 0 ? `; ${g.isolated} with no reported edge (grey, below)` : ''}`;
    status.title = status.textContent;
  };
  slider.addEventListener('input', apply);
  all.addEventListener('change', apply);
  apply();
  return h('div', { class: 'edge-controls small' },
    h('label', { for: 'edge-min', title: 'Hide edges lighter than this: an edge\'s weight counts the times the two members acted together' }, 'Min edge weight'),
    slider, shown,
    h('label', { class: 'check', title: 'Off: the backbone, each member\'s 2 strongest edges plus a maximum spanning tree. On: every edge.' }, all, ` Show ${allLabel}`));
}

function fmtInt(n: number): string {
  return n.toLocaleString('en-US');
}

function graphPanel(c: StoredCluster, ctx: ViewContext, ready: (g: GraphHandle) => void): { el: HTMLElement; destroy: () => void } {
  const canvasBox = h('div', { class: 'sigma', 'data-testid': 'graph', role: 'img', 'aria-label': `Member graph of ${c.members.length} accounts` });
  const hint = 'Hover a member for its id, an edge for the evidence behind it; click a member to open its account.';
  const info = h('div', { class: 'hover-info', 'aria-live': 'polite' }, hint);
  // Edge evidence floats over the graph so the panel keeps its size while hovering.
  const card = h('div', { class: 'edge-card', 'data-testid': 'edge-card', hidden: true });
  const legend = h('div', { class: 'legend', 'aria-label': 'Edge and node colours' });
  const controls = h('div', { class: 'edge-controls-slot' });
  const zoomIn = h('button', { type: 'button', 'aria-label': 'Zoom in', disabled: true }, '+');
  const zoomOut = h('button', { type: 'button', 'aria-label': 'Zoom out', disabled: true }, '−');
  const reset = h('button', { type: 'button', disabled: true }, 'Fit');
  const status = h('span', { class: 'muted small graph-status', role: 'status' }, 'Laying out…');
  let handle: GraphHandle | undefined;
  let dead = false;
  const el = h('section', { class: 'panel graph', 'aria-labelledby': 'graph-h' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'graph-h' }, 'Member graph'),
      h('div', { class: 'tools' }, zoomIn, zoomOut, reset)),
    status, controls, canvasBox, card, legend, info);
  requestAnimationFrame(() => {
    if (dead) return;
    renderGraph(canvasBox, c, {
      node: (a) => ctx.go(accountHref(a)),
      edgeHover: (hov) => {
        card.hidden = !hov;
        if (hov) card.replaceChildren(...edgeDetails(hov));
      },
      nodeHover: (a) => {
        if (a) info.replaceChildren(h('strong', null, a), h('span', { class: 'muted' }, ' — click to open the account'));
        else info.replaceChildren(hint);
      },
    }).then((g) => {
      if (dead) { g.destroy(); return; }
      handle = g;
      canvasBox.dataset.nodes = String(g.nodes);
      canvasBox.dataset.totalEdges = String(g.totalEdges);
      canvasBox.dataset.backboneEdges = String(g.backboneEdges);
      canvasBox.dataset.groups = String(g.groups);
      controls.replaceChildren(edgeControls(g, canvasBox, status));
      canvasBox.dataset.ready = 'true';
      legend.replaceChildren(
        ...g.signals.map((s) => h('span', { class: 'legend-item' }, h('span', { class: 'swatch', 'data-color': signalColor(s) }), signalLabel(s))),
        ...(g.groups > 1 ? [h('span', { class: 'legend-item muted' }, `nodes: ${g.groups} sub-groups (${g.groupSizes.join(', ')} members)`)] : []));
      applySwatches(legend);
      zoomIn.disabled = zoomOut.disabled = reset.disabled = false;
      zoomIn.onclick = () => g.zoom(1.5);
      zoomOut.onclick = () => g.zoom(1 / 1.5);
      reset.onclick = () => g.reset();
      ready(g);
    }, (err: unknown) => { status.textContent = `Graph failed: ${err instanceof Error ? err.message : String(err)}`; });
  });
  return { el, destroy: () => { dead = true; handle?.destroy(); } };
}

function timelinePanel(c: StoredCluster): { el: HTMLElement; destroy: () => void } {
  const model = buildTimeline(c.evidence, 12);
  let mode: TimelineMode = 'aligned';
  const canvas = h('canvas', {
    'data-testid': 'timeline', 'data-members': String(model.members), 'data-rows': String(model.rows.length), 'data-marks': String(model.marks),
    role: 'img', 'aria-label': `Timeline: ${model.marks} actions by ${model.members} members on the top ${model.rows.length} shared targets`,
  });
  const tip = h('div', { class: 'tip', hidden: true });
  const box = h('div', { class: 'timeline-box' }, canvas, tip);
  const modeSel = h('select', { id: 'timeline-mode' },
    h('option', { value: 'aligned' }, 'Aligned per target'),
    h('option', { value: 'clock' }, 'Clock time (UTC)'));
  let hitTest: DrawnTimeline['hitTest'] = () => null;
  const draw = (): void => {
    if (box.clientWidth <= 0) return;
    const drawn = drawTimeline(canvas, model, mode, box.clientWidth, box.clientHeight);
    hitTest = drawn.hitTest;
    // The drawn axis: in data attributes for tests, in words for screen readers.
    const a = drawn.axis;
    Object.assign(canvas.dataset, { mode: a.mode, axisLo: String(a.lo), axisHi: String(a.hi), axisTicks: String(a.ticks), axisBefore: String(a.before), axisAfter: String(a.after) });
    const range = a.mode === 'aligned' ? `${fmtOffset(Math.round(a.lo))} to ${fmtOffset(Math.round(a.hi))} around each burst` : `${fmtTime(a.lo)} to ${fmtTime(a.hi)}`;
    const off = a.before + a.after > 0 ? `; ${a.before} earlier and ${a.after} later actions in the margins` : '';
    canvas.setAttribute('aria-label', `Timeline: ${model.marks} actions by ${model.members} members on the top ${model.rows.length} shared targets, ${range}${off}`);
  };
  modeSel.addEventListener('change', () => { mode = modeSel.value as TimelineMode; draw(); });
  canvas.addEventListener('mousemove', (e) => {
    const r = canvas.getBoundingClientRect();
    const hit = hitTest(e.clientX - r.left, e.clientY - r.top);
    tip.hidden = !hit;
    if (!hit) return;
    tip.textContent = `${hit.mark.account} · ${hit.row.action} ${hit.row.target} · ${fmtTime(hit.mark.t)} (${fmtOffset(hit.mark.rel)} from the burst's median)`;
    tip.style.left = `${Math.min(hit.x + 8, box.clientWidth - 260)}px`;
    tip.style.top = `${hit.y + 10}px`;
  });
  canvas.addEventListener('mouseleave', () => { tip.hidden = true; });
  const ro = new ResizeObserver(draw);
  ro.observe(box);
  const el = h('section', { class: 'panel timeline', 'aria-labelledby': 'timeline-h' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'timeline-h' }, 'Synchrony timeline'),
      h('div', { class: 'tools' }, h('label', { for: 'timeline-mode', class: 'small' }, 'X axis'), modeSel)),
    h('p', { class: 'muted small caption' }, `Top ${model.rows.length} shared targets, one tick per member action (${model.members} members). Aligned: 0 is each target's median member action; shaded margins hold actions far from the burst. Right: the same target's organic context — grey ticks are non-member actions within ±30 min (or twice the burst) of it, the coloured band is the members' burst on the same scale; then how many organic actions, and the span the strip covers.`),
    box);
  return { el, destroy: () => ro.disconnect() };
}

function textSamplesCard(c: StoredCluster): HTMLElement | null {
  const samples = textSamples(c.evidence, 8);
  if (samples.length === 0) return null;
  return h('section', { class: `card texts${isTextDriven(c) ? ' text-driven' : ''}`, 'aria-labelledby': 'texts-h' },
    h('h2', { id: 'texts-h' }, isTextDriven(c) ? 'Text samples (text-driven cluster)' : 'Text samples'),
    h('ol', { class: 'samples' }, samples.map((s) => h('li', null,
      h('q', null, s.text), h('span', { class: 'muted small' }, ` — ${s.accounts} account${s.accounts === 1 ? '' : 's'}${s.similarity !== undefined ? `, similarity ${fmtNumber(s.similarity)}` : ''}`)))));
}

function membersCard(c: StoredCluster): HTMLElement {
  return h('section', { class: 'card members', 'aria-labelledby': 'members-h' },
    h('h2', { id: 'members-h' }, `Members (${c.members.length})`),
    h('ul', { class: 'member-list', 'data-testid': 'member-list' }, [...c.members].sort().map((m) => h('li', null, h('a', { href: accountHref(m) }, m)))));
}

export const clusterView: View = (main, ctx, _params, id) => {
  const cleanups: (() => void)[] = [];
  const status = h('p', { role: 'status' }, 'Loading cluster…');
  main.replaceChildren(status);
  api.getCluster(id!).then((c) => {
    let graph: GraphHandle | undefined;
    const exportStatus = h('span', { class: 'muted small', role: 'status' });
    const pngButton = h('button', { type: 'button', disabled: true }, 'Graph PNG');
    pngButton.addEventListener('click', () => {
      graph?.toPng(`Lockstep cluster ${c.id} — ${c.members.length} members, score ${fmtScore(c.score)}`).then((b) => exportPng(b, c), (e: unknown) => { exportStatus.textContent = String(e); });
    });
    const gp = graphPanel(c, ctx, (g) => { graph = g; pngButton.disabled = false; });
    const tp = timelinePanel(c);
    cleanups.push(gp.destroy, tp.destroy);
    let current = c;
    main.replaceChildren(h('div', { class: 'cluster-page', 'data-cluster': c.id },
      h('div', { class: 'cluster-head' },
        h('div', null,
          h('a', { href: '#/', class: 'back' }, '← All clusters'),
          h('h1', null, `Cluster ${c.id}`),
          h('p', { class: 'summary-line' }, c.summary)),
        h('div', { class: 'exports', role: 'group', 'aria-label': 'Export' },
          h('span', { class: 'muted small' }, 'Export'),
          h('button', { type: 'button', onclick: () => exportJson(current) }, 'JSON'),
          h('button', { type: 'button', onclick: () => exportCsv(current) }, 'CSV'),
          pngButton, exportStatus)),
      h('div', { class: 'cluster-grid' },
        gp.el,
        tp.el,
        evidenceTable(c),
        h('aside', { class: 'side' },
          findingCard(c),
          reviewPanel(c, ctx, (u) => { current = u; }),
          textSamplesCard(c),
          membersCard(c))),
    ));
    applySwatches(main);
  }, (err: unknown) => ctx.fail(status, err));
  return () => cleanups.forEach((f) => f());
};
