import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteInterner } from '../../src/ingest/intern.js';
import { EventTableBuilder, RangeBatch } from '../../src/ingest/table.js';
import type { ActivityEvent } from '../../src/ingest/types.js';

// Names that collide in interesting ways: ASCII, multi-byte, astral, unpaired surrogates (which
// UTF-8 cannot carry), prefixes of each other, the empty string.
const name = fc.oneof(
  fc.constantFrom('', 'a', 'ab', 'abc', 'é', 'e\u0301', '用户', '🚩', '\ud800', '\udc00', 'a\ud800', '\ud83d', 'x'.repeat(300)),
  fc.string({ maxLength: 4 }),
  fc.string({ unit: 'binary', maxLength: 3 }),
);

const isWellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

describe('ByteInterner', () => {
  it('numbers names like a Map would, whether looked up as strings or as UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.boolean()), { maxLength: 200 }), (ops) => {
        const interner = new ByteInterner();
        const reference = new Map<string, number>();
        for (const [s, asBytes] of ops) {
          const expected = reference.get(s) ?? reference.size;
          if (!reference.has(s)) reference.set(s, expected);
          // Bytes only for strings UTF-8 can carry (the NDJSON reader's input is valid UTF-8).
          const id = asBytes && isWellFormed(s) ? interner.internBytes(Buffer.from(`"${s}"`), 1, Buffer.byteLength(s) + 1) : interner.intern(s);
          expect(id).toBe(expected);
          expect(interner.get(s)).toBe(expected);
        }
        expect(interner.names).toEqual([...reference.keys()]);
        expect(interner.size).toBe(reference.size);
        expect(interner.get('never seen \u0000')).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it('stays right through many rehashes and arena growth', () => {
    const interner = new ByteInterner({ keepNames: false });
    const n = 200_000;
    let wrong = 0;
    for (let i = 0; i < n; i++) if (interner.intern(`id-${i}`) !== i) wrong++;
    for (let i = 0; i < n; i++) if (interner.get(`id-${i}`) !== i) wrong++;
    expect(wrong).toBe(0);
    expect(interner.intern('id-0')).toBe(0);
    expect(interner.size).toBe(n);
    expect(interner.names).toEqual([]);
  });
});

const event = fc.record(
  {
    id: fc.option(fc.constantFrom('e1', 'e2', 'e3', 'é4', '\ud800', ''), { nil: undefined }),
    account: fc.constantFrom('a', 'b', 'c', '用户', '\udc00'),
    action: fc.constantFrom('post', 'share', 'like'),
    target: fc.option(fc.constantFrom('t1', 't2', '@a', '🚩'), { nil: undefined }),
    ts: fc.integer({ min: 0, max: 1000 }),
    text: fc.option(fc.string({ maxLength: 3 }), { nil: undefined }),
  },
  { requiredKeys: ['account', 'action', 'ts'] },
);

function tableOf(b: EventTableBuilder) {
  const t = b.build();
  return { ...t, account: [...t.account], action: [...t.action], target: [...t.target], ts: [...t.ts] };
}

describe('EventTableBuilder', () => {
  it("drops repeated ids at build time ('at-build') into exactly the table eager dedupe builds", () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events: ActivityEvent[]) => {
        const eager = new EventTableBuilder(4);
        const kept = events.filter((e) => eager.push(e)).length;
        const late = new EventTableBuilder(4, { dedupe: 'at-build' });
        for (const e of events) expect(late.push(e)).toBe(true);
        const expected = tableOf(eager);
        expect(tableOf(late)).toEqual(expected);
        expect(late.duplicates).toBe(events.length - kept);
        expect(expected.size).toBe(kept);
      }),
      { numRuns: 1000 },
    );
  });

  it('finds repeats among a million ids, whose 32-bit hashes collide by chance', () => {
    const b = new EventTableBuilder(16, { dedupe: 'at-build' });
    const n = 1_000_000;
    for (let i = 0; i < n; i++) b.push({ id: `e${i}`, account: `a${i % 1000}`, action: 'post', ts: i });
    for (let i = 0; i < n; i += 100_003) b.push({ id: `e${i}`, account: 'only-in-a-repeat', action: 'share', target: 'x', ts: -1 });
    const t = b.build();
    expect(b.duplicates).toBe(10);
    expect(t.size).toBe(n);
    expect(t.accountNames).toHaveLength(1000);
    expect(t.actionNames).toEqual(['post']);
    expect(t.targetNames).toEqual([]);
    expect(t.id[n - 1]).toBe(`e${n - 1}`);
  });

  it('pushBatch gives the same table as push of the decoded events, under each dedupe', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), fc.constantFrom('eager' as const, 'at-build' as const, 'none' as const), fc.integer({ min: 1, max: 8 }), (events: ActivityEvent[], dedupe, size) => {
        const wellFormed = events.filter((e) => [e.id ?? '', e.account, e.target ?? ''].every(isWellFormed));
        const byEvent = new EventTableBuilder(4, { dedupe });
        const byBatch = new EventTableBuilder(4, { dedupe });
        const expectedKept = wellFormed.filter((e) => byEvent.push(e)).length;
        // The fields laid out in one buffer, as the NDJSON reader sees them, pushed in batches.
        const parts = wellFormed.flatMap((e) => [e.id ?? '', e.account, e.action, e.target ?? '']);
        const buf = Buffer.from(parts.join('|'));
        const ranges: [number, number][] = [];
        let at = 0;
        for (const p of parts) {
          const len = Buffer.byteLength(p);
          ranges.push([at, at + len]);
          at += len + 1;
        }
        const batch = new RangeBatch(size);
        let kept = 0;
        wellFormed.forEach((e, k) => {
          const [id, account, action, target] = ranges.slice(4 * k, 4 * k + 4);
          const full = batch.add(e.id === undefined ? -1 : id[0], id[1], ...account, ...action, e.target === undefined ? -1 : target[0], target[1], e.ts, e.text);
          if (full) kept += byBatch.pushBatch(buf, batch);
        });
        kept += byBatch.pushBatch(buf, batch);
        expect(kept).toBe(expectedKept);
        expect(tableOf(byBatch)).toEqual(tableOf(byEvent));
        expect(byBatch.duplicates).toBe(byEvent.duplicates);
      }),
      { numRuns: 500 },
    );
  });
});
