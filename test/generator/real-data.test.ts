import { describe, expect, it } from 'vitest';
import { coortweet, iraMonth } from '../../scripts/eval/real.js';

// The real-data regression's readers and checks, with a detector that flags nothing (so these
// figures do not move when the detector does).
const none = async () => [];

describe('real-data regression', () => {
  it('reads any IRA month and counts its lockstep accounts as the shared data README does', async () => {
    const [jul, dec] = await Promise.all([iraMonth('2015-07', none), iraMonth('2016-12', none)]);
    expect(jul).toMatchObject({ events: 86_028, accounts: 1_297, lockstep: 720, lockstepFlagged: 0, recall: 0 });
    expect(dec).toMatchObject({ events: 139_919, accounts: 436, lockstep: 213 });
  });

  it('finds the four CooRTweet reference edge lists reproduced exactly', async () => {
    const checks = await coortweet();
    expect(checks?.map((c) => [c.window, c.minParticipation, c.expected, c.got, c.exact])).toEqual([
      [10, 1, 1092, 1092, true], [10, 2, 442, 442, true], [60, 1, 6206, 6206, true], [60, 2, 3721, 3721, true],
    ]);
  });
});
