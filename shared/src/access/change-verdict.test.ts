import fc from 'fast-check';
import { expect, it } from 'vitest';
import { same } from './change-verdict.ts';

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
