import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appended, same } from './change-verdict.ts';

function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v,
  );
}

it('agrees with sorted-JSON equality on random projections, whatever the key order', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
      expect(same(a, b)).toBe(sortedJson(a) === sortedJson(b));
      const reordered = JSON.parse(sortedJson(a)) as unknown;
      expect(same(a, reordered)).toBe(true);
    }),
    { seed: 20261122, numRuns: 2000 },
  );
});

it('tells apart a changed field, a missing field, an array and an object, and Maps', () => {
  expect(same({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
  expect(same({ a: 1 }, { a: 1, b: undefined })).toBe(true);
  expect(same({ a: 1 }, { a: 1, b: null })).toBe(false);
  expect(same({ a: 1 }, { a: 2 })).toBe(false);
  expect(same([], {})).toBe(false);
  expect(same(new Map([['x', { v: 1 }]]), new Map([['x', { v: 1 }]]))).toBe(true);
  expect(same(new Map([['x', 1]]), new Map([['x', 2]]))).toBe(false);
});

describe('appended', () => {
  const id = (m: { id: string }) => m.id;
  const a = { id: 'a', text: 'một' };
  const b = { id: 'b', text: 'hai' };
  const c = { id: 'c', text: 'ba' };

  it('finds what was added at the end, or anywhere, whether objects are shared or copies', () => {
    expect(appended([a, b], [a, b, c], id)).toEqual([c]);
    expect(appended([a, b], [{ ...a }, { ...b }, c], id)).toEqual([c]);
    expect(appended([a, b], [a, c, b], id)).toEqual([c]);
    expect(appended([a, b], [a, b], id)).toEqual([]);
  });

  it('refuses a change or a removal, and a message re-using an existing id, even at the end', () => {
    expect(appended([a, b], [a, { id: 'b', text: 'đã sửa' }], id)).toBeNull();
    expect(appended([a, b], [a], id)).toBeNull();
    expect(appended([a, b], [a, b, { id: 'a', text: 'giả mạo' }], id)).toBeNull();
    // The same message twice (a retry racing itself) adds nothing.
    expect(appended([a, b], [a, b, { ...a }], id)).toEqual([]);
  });
});

it('answers exactly as the plain comparison does, for any edit of any history (shared objects or copies)', () => {
  type M = { id: string; text: string };
  const id = (m: M) => m.id;
  // The definition: every item of `before` is still there unchanged (by id), the rest is new.
  function reference(before: readonly M[], after: readonly M[]): M[] | null {
    const kept = new Map(after.map((x) => [x.id, x]));
    for (const old of before) {
      const now = kept.get(old.id);
      if (now === undefined || !same(old, now)) return null;
    }
    const known = new Set(before.map(id));
    return after.filter((x) => !known.has(x.id));
  }
  const item: fc.Arbitrary<M> = fc.record({
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
    text: fc.constantFrom('x', 'y'),
  });
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), item }),
    fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('copy' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('change' as const), at: fc.nat() }),
  );
  fc.assert(
    fc.property(
      fc.uniqueArray(item, { selector: id, maxLength: 5 }),
      fc.array(edit, { maxLength: 4 }),
      (before, edits) => {
        const after = [...before];
        for (const e of edits) {
          const at = after.length === 0 ? 0 : e.at % after.length;
          if (e.kind === 'insert') after.splice(e.at % (after.length + 1), 0, e.item);
          else if (after.length === 0) continue;
          else if (e.kind === 'remove') after.splice(at, 1);
          else if (e.kind === 'copy') after[at] = { ...(after[at] as M) };
          else after[at] = { ...(after[at] as M), text: `${(after[at] as M).text}!` };
        }
        expect(appended(before, after, id)).toEqual(reference(before, after));
      },
    ),
    { seed: 20261122, numRuns: 2000 },
  );
});
