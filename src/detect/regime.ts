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
 *   IRA 2015-07 0.984, 2016-10 0.994, 2016-12 0.992 (all trolls)
 *   Twitter15/16 0.007; generated platform days 0.07–0.36 (the dev seeds' 30 worlds: every family,
 *   both sizes; candidate communities include pairs, see leastSize)
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

/**
 * The least size of a group tested in a population, whatever --min-size allows. In a slice every
 * account is a suspect and two accounts in lockstep are a group: IRA pairs that retweeted together
 * 75–575 times within a minute were Louvain communities of their own, and nothing reported them. In
 * a population two accounts acting together are what friends and one person's two accounts do, a
 * pair's bursts prove little (a burst's z is capped at 1.5 for two), and testing every pair Louvain
 * isolates makes the correction for every other community stricter: with pairs tested, four of the
 * held-out seeds' large worlds lost campaign members (F1 −0.004 to −0.046) and none gained.
 */
export const POPULATION_LEAST_SIZE = 3;

/** The smallest group tested and reported in `regime` under `--min-size`. */
export function leastSize(regime: Regime, minClusterSize: number): number {
  return regime === 'slice' ? minClusterSize : Math.max(POPULATION_LEAST_SIZE, minClusterSize);
}
