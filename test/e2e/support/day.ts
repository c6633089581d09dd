// The e2e data set: one day from the project's seeded generator (scripts/generator): a 40-account
// amplification campaign, a copy-pasta campaign and two small cells over an organic background.
import { CAMPAIGN_DEFAULTS, events, generate, prepare } from '../../../scripts/generator/index.js';

export interface DayEvent {
  id: string;
  account: string;
  action: string;
  target?: string;
  ts: string;
  text?: string;
}

export interface Day {
  events: DayEvent[];
  /** The planted 40-account amplification campaign's members. */
  campaign: string[];
}

export function generateDay(opts: { seed?: number; events?: number; campaignSize?: number; onlyAmplification?: boolean } = {}): Day {
  const seed = opts.seed ?? 7;
  const size = opts.campaignSize ?? 40;
  const amplification = { spec: { ...CAMPAIGN_DEFAULTS.amplification, members: [size, size] as const, camouflage: [0, 0.2] as const }, count: 1 };
  const g = generate({
    scenario: 'basic', seed, events: opts.events ?? 24_000, days: 1,
    tweak: (cfg) => ({
      ...cfg,
      campaigns: opts.onlyAmplification ? [amplification] : [
        amplification,
        { spec: { ...CAMPAIGN_DEFAULTS.copypasta, members: [20, 24], zh: 0.5 }, count: 1 },
        { spec: { ...CAMPAIGN_DEFAULTS.cell }, count: 2 },
      ],
    }),
  });
  const out: DayEvent[] = [];
  for (const e of events(g.world.store, prepare(g.world.store, 'time', seed))) {
    out.push({ ...e, ts: new Date(e.ts).toISOString() });
  }
  return { events: out, campaign: g.truth.campaigns.find((c) => c.kind === 'amplification')?.members ?? [] };
}

export function toNdjson(events: readonly DayEvent[]): string {
  return events.map((e) => JSON.stringify(e)).join('\n') + '\n';
}
