// Stable colours per signal name: known signals get fixed colours, others a hashed hue.

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

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#393b79'];

export function signalColor(name: string): string {
  const known = KNOWN[name];
  if (known) return known;
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

/** The name with the largest value in a {signal: weight} record. */
export function topSignal(weights: Record<string, number> | undefined): string {
  let best = '';
  let bw = -Infinity;
  for (const [k, w] of Object.entries(weights ?? {})) if (w > bw) { best = k; bw = w; }
  return best;
}
