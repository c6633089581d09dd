import { describe, expect, it } from 'vitest';
import { parseBody } from '../../src/ingest/body.js';
import { MappingError } from '../../src/ingest/errors.js';
import { ingestSources } from '../../src/ingest/ingest.js';
import { parseMapping } from '../../src/ingest/mapping.js';
import { tempDir } from './helpers.js';

const { file } = tempDir();

describe('parseMapping', () => {
  it('reads field=column, field==value, ts-unit and presets', () => {
    expect(parseMapping('account=user, target=url,ts=time,action==share,ts-unit=s')).toEqual({
      fields: { account: 'user', target: 'url', ts: 'time' },
      constAction: 'share',
      tsUnit: 's',
    });
    expect(parseMapping('coortweet')).toEqual(parseMapping('account=account_id,target=object_id,id=content_id,ts=timestamp_share,action==share,ts-unit=s'));
    // Later items win: a preset can be adjusted.
    const adjusted = parseMapping('coortweet,ts-unit=ms,action=kind,platform==twitter');
    expect(adjusted).toMatchObject({ tsUnit: 'ms', fields: { action: 'kind', account: 'account_id' }, constants: { platform: 'twitter' } });
    expect(adjusted.constAction).toBeUndefined();
  });

  it('rejects specs it cannot understand, naming the problem', () => {
    for (const [spec, why] of [
      ['acount=user', /unknown field "acount"/],
      ['account', /neither/],
      ['ts-unit=h', /ts-unit/],
      ['ts==5', /fixed/],
      ['account=', /no column/],
      ['nosuchpreset', /neither/],
    ] as const) {
      expect(() => parseMapping(spec)).toThrow(MappingError);
      expect(() => parseMapping(spec)).toThrow(why);
    }
  });
});

describe('mapped input', () => {
  it('reads CooRTweet columns, seconds to ms, validated like any other record', async () => {
    const csv = [
      'object_id,account_id,content_id,timestamp_share',
      'obj1,acc1,c1,1623881091',
      'obj1,acc2,c2,1623881099',
      'obj2,acc1,c3,not-a-time',
      ',acc3,c4,1623881100', // no object: a share needs a target
    ].join('\n');
    const { table, rejects } = await ingestSources([file('coortweet.csv', csv)], { mapping: parseMapping('coortweet') });
    expect(table.id).toEqual(['c1', 'c2']);
    expect([...table.ts]).toEqual([1623881091000, 1623881099000]);
    expect(table.actionNames).toEqual(['share']);
    expect(table.targetNames).toEqual(['obj1']);
    expect(rejects).toEqual([
      { source: expect.any(String), line: 4, reason: expect.stringMatching(/^field "ts" must be .*"not-a-time"$/) },
      { source: expect.any(String), line: 5, reason: expect.stringMatching(/^missing field "target"/) },
    ]);
  });

  it('maps NDJSON too, and leaves unmapped contract fields to same-named columns', () => {
    const body = [JSON.stringify({ user: 'u', kind: 'reply', target: 'p', time: 1.5, text: 'hi' }), JSON.stringify({ user: 'v', kind: 'post', time: '7' })].join('\n');
    const { events, rejects } = parseBody(body, { mapping: parseMapping('account=user,action=kind,ts=time,ts-unit=s') });
    expect(rejects).toEqual([]);
    expect(events).toEqual([
      { account: 'u', action: 'reply', target: 'p', ts: 1500, text: 'hi' },
      { account: 'v', action: 'post', ts: 7000 },
    ]);
  });
});
