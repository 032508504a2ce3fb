import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { TaskEvent } from '../model/task-event.ts';
import { addedEvents } from './task-change.ts';

const eventArb = fc.record({
  at: fc.integer({ min: 1, max: 5 }),
  by: fc.constantFrom('u-a', 'u-b'),
  type: fc.constantFrom('commented', 'reported', 'urged'),
});
const key = (e: TaskEvent) => JSON.stringify([e.at, e.by, e.type, e.detail ?? null]);

/** The plain definition: `after` minus `before` as multisets of content, or null if `before` is not all in `after`. */
function plainAdded(before: readonly TaskEvent[], after: readonly TaskEvent[]): string[] | null {
  const left = after.map(key);
  for (const e of before) {
    const at = left.indexOf(key(e));
    if (at < 0) return null;
    left.splice(at, 1);
  }
  return left.sort();
}

it("finds a task's added events as the multiset definition does, whether the history's objects are shared or copies", () => {
  fc.assert(
    fc.property(
      fc.array(eventArb, { maxLength: 12 }),
      fc.array(fc.tuple(fc.nat(), eventArb), { maxLength: 4 }),
      fc.constantFrom('shared', 'copied', 'one removed', 'one changed'),
      (before, inserts, how) => {
        const after: TaskEvent[] = how === 'shared' ? [...before] : before.map((e) => ({ ...e }) as TaskEvent);
        if (how === 'one removed' && after.length > 0) after.splice(inserts.length % after.length, 1);
        if (how === 'one changed' && after.length > 0) {
          const i = inserts.length % after.length;
          after[i] = { ...(after[i] as TaskEvent), at: 99 };
        }
        // New events land anywhere: concurrent writers' entries interleave in a Y.Array.
        for (const [position, event] of inserts) after.splice(position % (after.length + 1), 0, event);
        const found = addedEvents(before, after);
        const expected = plainAdded(before, after);
        expect(found === null ? null : found.map(key).sort()).toEqual(expected);
      },
    ),
    { seed: 20261202, numRuns: 3000 },
  );
});
