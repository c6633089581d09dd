// The member graph: sigma.js on graphology. Members are nodes (coloured by sub-community when the
// cluster splits into cells); coordination edges are weighted and coloured by their strongest
// signal. Only the backbone is drawn by default (see backbone.ts); a weight slider thins it
// further and a switch shows every edge. Labels appear on hover only.
import Graph from 'graphology';
import Sigma from 'sigma';
import type { Evidence, ReportCluster } from '../report/types.js';
import { backboneFlags, countDrawn, isDrawn, weightStops, type EdgeFilter } from './backbone.js';
import { evidenceForPair, graphEdges, pruneEdges, type Edge } from './evidence.js';
import { computeLayout } from './layout-client.js';
import { signalColor, topSignal } from './signals.js';

/** "All edges" draws at most this many (each member's strongest): rendering cost, not information, is the limit. */
const MAX_DRAWN_EDGES = 6000;

/** Node colours per sub-community (dark, so the signal-coloured edges stay distinct); the last is "other". */
const GROUP_COLORS = ['#2b3a55', '#b35806', '#1b7837', '#762a83', '#8c510a', '#01665e', '#c51b7d', '#4d4d4d'];
const ISOLATED_COLOR = '#a3abb8';
const groupColor = (g: number, groups: number): string =>
  groups <= 1 ? GROUP_COLORS[0] : GROUP_COLORS[Math.min(g, GROUP_COLORS.length - 1)];

export interface EdgeHover {
  edge: Edge;
  evidence: Evidence[];
}

export interface GraphHandle {
  nodes: number;
  /** Edges drawn under the current filter. */
  edges: number;
  /** Edges the cluster has. */
  totalEdges: number;
  /** Edges in the backbone, and the most "all edges" can draw. */
  backboneEdges: number;
  drawableEdges: number;
  /** Distinct edge weights, ascending (the slider's stops). */
  weights: number[];
  /** Members without any edge in the report (drawn apart, in grey). */
  isolated: number;
  /** Sub-communities the layout found (1: no split). */
  groups: number;
  groupSizes: number[];
  derivedEdges: boolean;
  signals: string[];
  /** Redraws with another filter; returns how many edges are drawn. */
  setFilter(filter: EdgeFilter): number;
  zoom(factor: number): void;
  reset(): void;
  /** The rendered graph as a PNG (white background, title line). */
  toPng(title: string): Promise<Blob>;
  destroy(): void;
}

/** An opaque tint of `hex` towards white (WebGL alpha blending shifts hues; a tint stays true to the legend). */
function tint(hex: string, towardsWhite: number): string {
  const n = parseInt(hex.slice(1), 16);
  const mix = (c: number): number => Math.round(c + (255 - c) * towardsWhite);
  return `rgb(${mix((n >> 16) & 255)},${mix((n >> 8) & 255)},${mix(n & 255)})`;
}

export async function renderGraph(
  container: HTMLElement,
  cluster: ReportCluster,
  on: { node?: (account: string) => void; edgeHover?: (h: EdgeHover | null) => void; nodeHover?: (account: string | null) => void },
): Promise<GraphHandle> {
  const members = cluster.members;
  const index = new Map(members.map((m, i) => [m, i]));
  const { edges: rawEdges, derived } = graphEdges(cluster);
  const valid = rawEdges.filter((e) => index.has(e.source) && index.has(e.target) && e.source !== e.target);
  // The backbone comes from every edge; "all edges" from each member's strongest, capped.
  const flagsAll = backboneFlags(valid);
  const strongest = new Set(pruneEdges(valid, MAX_DRAWN_EDGES));
  const edges: Edge[] = [];
  const inBackbone: boolean[] = [];
  valid.forEach((e, i) => { if (flagsAll[i] || strongest.has(e)) { edges.push(e); inBackbone.push(flagsAll[i]); } });

  const layout = await computeLayout({
    n: members.length,
    sources: Int32Array.from(edges, (e) => index.get(e.source)!),
    targets: Int32Array.from(edges, (e) => index.get(e.target)!),
    weights: Float64Array.from(edges, (e) => e.weight),
    backbone: Uint8Array.from(inBackbone, (b) => (b ? 1 : 0)),
  });
  const pos = layout.pos;

  const strength = new Float64Array(members.length);
  let maxW = 0;
  for (const e of edges) {
    strength[index.get(e.source)!] += e.weight;
    strength[index.get(e.target)!] += e.weight;
    maxW = Math.max(maxW, e.weight);
  }
  const maxS = Math.max(1e-9, ...strength);
  const small = members.length > 150;
  // Smaller dots for bigger clusters, so the structure is not hidden under the nodes.
  const [base, extra] = small ? [1.5, 3] : members.length > 40 ? [2.5, 4] : [3.5, 6];
  const groupSizes = new Array<number>(layout.groups).fill(0);
  for (let i = 0; i < members.length; i++) groupSizes[layout.group[i]]++;

  const graph = new Graph({ type: 'undirected', multi: false });
  members.forEach((m, i) => {
    graph.addNode(m, {
      x: pos[2 * i], y: pos[2 * i + 1], label: m,
      size: base + extra * Math.sqrt(strength[i] / maxS),
      color: layout.isolated[i] ? ISOLATED_COLOR : groupColor(layout.group[i], layout.groups),
    });
  });
  const edgeInfo = new Map<string, Edge>();
  const backboneOf = new Map<string, boolean>();
  const signals = new Set<string>();
  edges.forEach((e, i) => {
    if (graph.hasEdge(e.source, e.target)) return;
    const sig = topSignal(e.signals);
    signals.add(sig);
    const key = graph.addEdge(e.source, e.target, {
      size: (small ? 0.3 : 0.5) + (small ? 1.2 : 3.5) * (maxW > 0 ? e.weight / maxW : 1),
      color: tint(signalColor(sig), small ? 0.55 : 0.25),
      signal: sig,
    });
    edgeInfo.set(key, e);
    backboneOf.set(key, inBackbone[i]);
  });
  const stops = weightStops(edges);
  let filter: EdgeFilter = { all: false, minWeight: stops[0] ?? 0 };

  let hoveredNode: string | null = null;
  let hoveredEdge: string | null = null;
  const renderer = new Sigma(graph, container, {
    enableEdgeEvents: true,
    renderEdgeLabels: false,
    // Labels on hover only: 80 overlapping ids say nothing.
    labelRenderedSizeThreshold: Infinity,
    labelSize: 12,
    zIndex: true,
    defaultEdgeType: 'line',
    nodeReducer: (node, data) => {
      if (!hoveredNode) return data;
      // Neighbours by the edges a hovered member shows (any drawable edge above the weight floor).
      const link = node === hoveredNode ? undefined : graph.edge(node, hoveredNode);
      if (node === hoveredNode || (link !== undefined && isDrawn(edgeInfo.get(link)!, true, filter))) return { ...data, zIndex: 1, forceLabel: node === hoveredNode };
      return { ...data, color: '#c9ced8', label: '' };
    },
    edgeReducer: (edge, data) => {
      // A hovered member shows all its edges above the weight floor, not only its backbone ones:
      // who it acts with is the question then.
      if (hoveredNode) {
        const mine = graph.hasExtremity(edge, hoveredNode) && isDrawn(edgeInfo.get(edge)!, true, filter);
        return mine ? { ...data, color: signalColor(data.signal as string), zIndex: 1 } : { ...data, hidden: true };
      }
      if (!isDrawn(edgeInfo.get(edge)!, backboneOf.get(edge)!, filter)) return { ...data, hidden: true };
      if (edge === hoveredEdge) return { ...data, size: (data.size as number) + 3, color: signalColor(data.signal as string), zIndex: 2 };
      return data;
    },
  });

  renderer.on('enterNode', ({ node }) => {
    // Moving straight from an edge onto a node may skip leaveEdge: drop the edge card here.
    if (hoveredEdge) { hoveredEdge = null; on.edgeHover?.(null); }
    hoveredNode = node;
    on.nodeHover?.(node);
    renderer.refresh({ skipIndexation: true });
  });
  renderer.on('leaveNode', () => { hoveredNode = null; on.nodeHover?.(null); renderer.refresh({ skipIndexation: true }); });
  renderer.on('clickNode', ({ node }) => on.node?.(node));
  renderer.on('enterEdge', ({ edge }) => {
    hoveredEdge = edge;
    const e = edgeInfo.get(edge)!;
    on.edgeHover?.({ edge: e, evidence: evidenceForPair(cluster.evidence ?? [], e.source, e.target) });
    renderer.refresh({ skipIndexation: true });
  });
  renderer.on('leaveEdge', () => { hoveredEdge = null; on.edgeHover?.(null); renderer.refresh({ skipIndexation: true }); });

  const camera = renderer.getCamera();
  return {
    nodes: graph.order,
    edges: countDrawn(edges, inBackbone, filter),
    totalEdges: valid.length,
    backboneEdges: inBackbone.filter(Boolean).length,
    drawableEdges: edges.length,
    weights: stops,
    groups: layout.groups,
    groupSizes,
    isolated: layout.isolated.reduce((a, b) => a + b, 0),
    derivedEdges: derived,
    signals: [...signals].sort(),
    setFilter: (f) => {
      filter = f;
      renderer.refresh({ skipIndexation: true });
      return countDrawn(edges, inBackbone, filter);
    },
    zoom: (f) => { void camera.animate({ ratio: camera.ratio / f }, { duration: 200 }); },
    reset: () => { void camera.animatedReset({ duration: 200 }); },
    toPng: (title) => {
      // WebGL layers are only readable right after a synchronous render, so render then copy.
      renderer.refresh();
      const layers = [...container.querySelectorAll('canvas')];
      const w = container.clientWidth;
      const hgt = container.clientHeight;
      const ratio = layers[0] ? layers[0].width / Math.max(1, w) : 1;
      const out = document.createElement('canvas');
      out.width = Math.round(w * ratio);
      out.height = Math.round((hgt + 28) * ratio);
      const ctx = out.getContext('2d')!;
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, out.width, out.height);
      ctx.scale(ratio, ratio);
      ctx.fillStyle = '#1b2333';
      ctx.font = '13px system-ui, sans-serif';
      ctx.fillText(title, 8, 18);
      for (const c of layers) ctx.drawImage(c, 0, 28, w, hgt);
      return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
    },
    destroy: () => renderer.kill(),
  };
}
