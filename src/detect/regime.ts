import type { EventTable } from '../ingest/table.js';
import type { TargetGroups } from '../graph/groups.js';

/**
 * Is there an independent population in this input to measure coordination against?
 *
 * A platform's day is mostly people acting on their own: most targets that several accounts acted
 * on also drew accounts that belong to no candidate community (the casual majority). An
 * investigator's slice of suspects (every account an IRA troll, say) has no such majority: nearly
 * every target's actors sit in candidate communities, and a null learnt from the data would measure
 * the operation against itself. The boundary is measured, not fitted to one set — share of
 * multi-actor episodes whose actors are all in communities:
 *
 *   IRA 2015-07 0.977, 2016-10 0.993, 2016-12 0.926 (all trolls)
 *   Twitter15/16 0.005; generated platform days 0.19–0.25 (every family, both sizes, every export
 *   quirk: see the README's evaluation)
 *
 * so a population is anything below 0.6, with a wide margin on both sides.
 */
export type Regime = 'population' | 'slice';
export const REGIMES = ['auto', 'population', 'slice'] as const;
export type RegimeChoice = (typeof REGIMES)[number];

export const SLICE_CLOSED_SHARE = 0.6;

export interface RegimeReading {
  used: Regime;
  /** Share of episodes with ≥ 2 actors whose actors all belong to candidate communities. */
  closedShare: number;
}

export function readRegime(table: EventTable, groups: TargetGroups, inCommunity: Uint8Array, choice: RegimeChoice = 'auto'): RegimeReading {
  let multi = 0;
  let closed = 0;
  for (let g = 0; g < groups.size; g++) {
    const s = groups.offset[g];
    const e = groups.offset[g + 1];
    if (e - s < 2) continue;
    let first = -1;
    let several = false;
    let open = false;
    for (let k = s; k < e; k++) {
      const a = table.account[groups.order[k]];
      if (first < 0) first = a;
      else if (a !== first) several = true;
      if (!inCommunity[a]) open = true;
    }
    if (!several) continue;
    multi++;
    if (!open) closed++;
  }
  return regimeOf(multi, closed, choice);
}

/** The reading from its counts: episodes with ≥ 2 actors, and those whose actors are all in communities. */
export function regimeOf(multi: number, closed: number, choice: RegimeChoice = 'auto'): RegimeReading {
  const closedShare = multi ? closed / multi : 0;
  const used: Regime = choice === 'auto' ? (closedShare >= SLICE_CLOSED_SHARE ? 'slice' : 'population') : choice;
  return { used, closedShare };
}
