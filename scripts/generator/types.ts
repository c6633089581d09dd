/**
 * Shared shapes of the generator.
 *
 * Ground-truth file (`*.truth.json`), written next to every generated event file:
 * {
 *   scenario: string,            // preset name, e.g. "mixed"
 *   seed: number,
 *   params: object,              // the fully resolved config (every randomised size/rate as drawn);
 *                                // randomised worlds: news/fans/communities .plan (each group's draws),
 *                                // .randomised (target accounts, events per account, budgets), and
 *                                // .export (stimulus, targets, resolution, accountStyle, salt) once rendered
 *   start: string, end: string,  // ISO-8601 span of the generated activity
 *   events: number,              // events written
 *   campaigns: [{ id, kind, members: string[], params }],
 *       // kind: amplification | slow | cell | camouflage | brigade | report_brigade | copypasta | botfarm
 *   lookalikes: [{ id, kind, members: string[], params }],
 *       // organic look-alikes a detector must NOT flag; kind: news | fan | community | quote
 *   roles: { [account]: 'organic'|'news'|'fan'|'community'|'creator'|'campaign' }
 *       // every account that appears in the events; 'campaign' iff member of some campaign
 * }
 */

export const ACTIONS = ['post', 'share', 'reply', 'mention', 'like', 'follow', 'report'] as const;
export type Action = (typeof ACTIONS)[number];
export const ACTION = { post: 0, share: 1, reply: 2, mention: 3, like: 4, follow: 5, report: 6 } as const;

export type Role = 'organic' | 'news' | 'fan' | 'community' | 'creator' | 'campaign';

export type CampaignKind = 'amplification' | 'slow' | 'cell' | 'camouflage' | 'brigade' | 'report_brigade' | 'copypasta' | 'botfarm';
export type LookalikeKind = 'news' | 'fan' | 'community' | 'quote';

export interface GroupTruth<K extends string> {
  id: string;
  kind: K;
  members: string[];
  params: Record<string, unknown>;
}

export interface Truth {
  scenario: string;
  seed: number;
  params: Record<string, unknown>;
  start: string;
  end: string;
  events: number;
  campaigns: GroupTruth<CampaignKind>[];
  lookalikes: GroupTruth<LookalikeKind>[];
  roles: Record<string, Role>;
}

/** One generated event in contract shape (ts in epoch ms; the writer renders ISO-8601). */
export interface GeneratedEvent {
  id: string;
  account: string;
  action: Action;
  target?: string;
  ts: number;
  text?: string;
}
