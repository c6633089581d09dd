import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEvent, validateWithAjv } from '../../src/ingest/validate.js';

// Values of every JSON type (and a few JS-only ones a mapped record could hold), weighted toward
// what contract fields look like, so mutated records sit close to the edge of validity.
const anyValue = fc.oneof(
  fc.constantFrom('', 'a', 'post', 'share', '2024-03-01T00:30:00Z', '2024-03-01T08:30:00+08:00', '2024-02-30T00:00:00Z', '2024-01-01T10:00:00', '0', '1700000000000', '\ud800', '用户'),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1.5, 1e21, Infinity, -Infinity, NaN, 1700000000000),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
);

const field = <T>(arb: fc.Arbitrary<T>) => fc.option(fc.oneof({ weight: 3, arbitrary: arb }, { weight: 1, arbitrary: anyValue }), { nil: undefined, freq: 4 });

const validish = fc.record(
  {
    id: field(fc.string({ maxLength: 6 })),
    account: field(fc.constantFrom('a', 'acct1', '用户', '')),
    action: field(fc.constantFrom('post', 'share', 'reply', 'like', '')),
    target: field(fc.constantFrom('t1', '@x', '')),
    ts: field(fc.oneof(fc.constantFrom('2024-03-01T00:30:00Z', '2024-03-01 08:30:00.5+0800', 'yesterday'), fc.integer(), fc.double())),
    text: field(fc.string({ maxLength: 10 })),
    platform: field(fc.constantFrom('x', 'tiktok')),
    extra: field(anyValue),
  },
  { requiredKeys: [] },
);

describe('validateEvent', () => {
  it('agrees with ajv (the contract) on every record: the same event or the same reason', () => {
    fc.assert(
      fc.property(fc.oneof({ weight: 8, arbitrary: validish }, { weight: 1, arbitrary: anyValue }), (raw) => {
        expect(validateEvent(raw)).toEqual(validateWithAjv(raw));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with ajv on records parsed from JSON text, own keys like __proto__ included', () => {
    for (const text of [
      '{"account":"a","action":"post","ts":1,"__proto__":{"x":1}}',
      '{"__proto__":{"account":"a","action":"post","ts":1}}',
      '{"account":"a","action":"post","ts":1e400}',
      '{"account":"a","action":"share","ts":"2024-03-01T00:30:00Z","target":""}',
      '{"account":"a","action":"post","ts":"2024-03-01T00:30:00Z","target":"","text":""}',
    ]) {
      const raw = JSON.parse(text) as unknown;
      expect([text, validateEvent(raw)]).toEqual([text, validateWithAjv(raw)]);
    }
  });
});
