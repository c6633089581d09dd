// Which edges the member graph draws. A coordinated cluster is close to a complete graph (80
// members: 3,160 edges), which draws as a solid disc. The backbone keeps what carries structure:
// a maximum spanning forest (every member stays linked to the group by its strongest path) plus
// each member's k strongest edges (so tight sub-cells stay visibly dense). "Strongest" is the
// weight relative to the two members' activity, w / sqrt(s_a * s_b) with s a member's total edge
// weight (cosine similarity of their co-actions): by raw weight every member's top edges would go
// to the few most active members, and the backbone would be a star that says only who is busiest.

export interface WeightedEdge {
  source: string;
  target: string;
  weight: number;
}

/** Edges each member keeps on top of the spanning forest. */
export const BACKBONE_PER_MEMBER = 2;

/** Each edge's weight relative to its members' total weights (cosine of their co-action vectors). */
export function relativeStrength(edges: readonly WeightedEdge[]): number[] {
  const total = new Map<string, number>();
  for (const e of edges) {
    total.set(e.source, (total.get(e.source) ?? 0) + e.weight);
    total.set(e.target, (total.get(e.target) ?? 0) + e.weight);
  }
  return edges.map((e) => e.weight / Math.sqrt(Math.max(1e-12, total.get(e.source)! * total.get(e.target)!)));
}

/** Flags, parallel to `edges`: true for backbone edges. Ties break by input order (deterministic). */
export function backboneFlags(edges: readonly WeightedEdge[], perMember = BACKBONE_PER_MEMBER): boolean[] {
  const keep = new Array<boolean>(edges.length).fill(false);
  const score = relativeStrength(edges);
  const byStrength = edges.map((_, i) => i).sort((a, b) => score[b] - score[a] || a - b);

  // Kruskal on descending strength: a maximum spanning forest.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (y !== r) { const next = parent.get(y)!; parent.set(y, r); y = next; }
    return r;
  };
  for (const i of byStrength) {
    const { source, target } = edges[i];
    if (!parent.has(source)) parent.set(source, source);
    if (!parent.has(target)) parent.set(target, target);
    const a = find(source);
    const b = find(target);
    if (a !== b) { parent.set(a, b); keep[i] = true; }
  }

  // Each member's strongest edges: byStrength is already in that order.
  const taken = new Map<string, number>();
  for (const i of byStrength) {
    const { source, target } = edges[i];
    const ts = taken.get(source) ?? 0;
    const tt = taken.get(target) ?? 0;
    if (ts < perMember || tt < perMember) {
      keep[i] = true;
      taken.set(source, ts + 1);
      taken.set(target, tt + 1);
    }
  }
  return keep;
}

/** The distinct edge weights, ascending: the slider's stops. */
export function weightStops(edges: readonly WeightedEdge[]): number[] {
  return [...new Set(edges.map((e) => e.weight))].sort((a, b) => a - b);
}

export interface EdgeFilter {
  /** Draw every edge rather than the backbone. */
  all: boolean;
  /** Draw only edges at least this heavy. */
  minWeight: number;
}

/** Whether an edge is drawn under `filter`. */
export function isDrawn(edge: WeightedEdge, inBackbone: boolean, filter: EdgeFilter): boolean {
  return (filter.all || inBackbone) && edge.weight >= filter.minWeight;
}

/** How many edges `filter` draws. */
export function countDrawn(edges: readonly WeightedEdge[], flags: readonly boolean[], filter: EdgeFilter): number {
  let n = 0;
  for (let i = 0; i < edges.length; i++) if (isDrawn(edges[i], flags[i], filter)) n++;
  return n;
}
