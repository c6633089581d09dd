// Signals as the analyst sees them: stable colours and plain-word names. The report keeps its
// internal names (`coaction:share`, `text`); the page maps them here and nowhere else.

const KNOWN: Record<string, string> = {
  'coaction:share': '#1f77b4',
  'coaction:reply': '#9467bd',
  'coaction:mention': '#8c564b',
  'coaction:like': '#17becf',
  'coaction:follow': '#bcbd22',
  'coaction:report': '#d62728',
  'coaction:post': '#2ca02c',
  text: '#e377c2',
  hashtag: '#ff7f0e',
  timing: '#7f7f7f',
};

/** Plain words for the internal signal names; an unknown `coaction:x` reads as "x". */
const LABELS: Record<string, string> = {
  'coaction:share': 'share',
  'coaction:reply': 'reply',
  'coaction:mention': 'mention',
  'coaction:like': 'like',
  'coaction:follow': 'follow',
  'coaction:report': 'report',
  'coaction:post': 'post',
  text: 'near-identical text',
  hashtag: 'same hashtags',
  timing: 'timing',
};

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#393b79'];

export function signalColor(name: string): string {
  const known = KNOWN[name];
  if (known) return known;
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

/** The plain-word name shown to analysts ("share", "near-identical text"). */
export function signalLabel(name: string): string {
  return LABELS[name] ?? (name.startsWith('coaction:') ? name.slice('coaction:'.length) : name);
}

/** Every internal signal name the page knows of, for filter suggestions. */
export const KNOWN_SIGNALS: readonly string[] = Object.keys(LABELS);

/**
 * The internal name an analyst's filter text means. Exact internal names and exact plain words
 * win; otherwise the one name whose plain words or internal name contain the text (so "identical"
 * finds `text`). Unmatched text is passed through, so the API still answers (with nothing).
 */
export function signalFromQuery(query: string, names: Iterable<string> = KNOWN_SIGNALS): string {
  const q = query.trim().toLowerCase();
  if (!q) return '';
  const all = [...new Set([...KNOWN_SIGNALS, ...names])];
  const exact = all.find((n) => n.toLowerCase() === q || signalLabel(n).toLowerCase() === q);
  if (exact) return exact;
  const partial = all.filter((n) => signalLabel(n).toLowerCase().includes(q) || n.toLowerCase().includes(q));
  return partial.length === 1 ? partial[0] : query.trim();
}

/** Signals worth a chip: those that round to at least 1% of the edge weight, strongest first. */
export function visibleSignals<T extends { weight: number }>(signals: Record<string, T> | undefined): [string, T][] {
  return Object.entries(signals ?? {})
    .filter(([, s]) => Math.round(s.weight * 100) >= 1)
    .sort((a, b) => b[1].weight - a[1].weight || (a[0] < b[0] ? -1 : 1));
}

/** The name with the largest value in a {signal: weight} record. */
export function topSignal(weights: Record<string, number> | undefined): string {
  let best = '';
  let bw = -Infinity;
  for (const [k, w] of Object.entries(weights ?? {})) if (w > bw) { best = k; bw = w; }
  return best;
}
