import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readPlainArray, readPlainMap } from './y-read.ts';

const Entry = v.object({ id: v.string(), n: v.number() });
const Strict = v.object({ id: v.string(), n: v.pipe(v.number(), v.maxValue(5)) });

describe('reading plain entries', () => {
  it('validates each stored entry once, hands out the same frozen result, and still refuses garbage', () => {
    const doc = new Y.Doc();
    const list = doc.getArray<unknown>('list');
    list.push([
      { id: 'a', n: 1 },
      { id: 'b', n: 9 },
    ]);
    const first = readPlainArray(list, Entry);
    const second = readPlainArray(list, Entry);
    expect(first).toEqual([
      { id: 'a', n: 1 },
      { id: 'b', n: 9 },
    ]);
    expect(second?.[0]).toBe(first?.[0]);
    expect(Object.isFrozen(first?.[0])).toBe(true);
    // The same stored entries judged by another schema are judged afresh.
    expect(readPlainArray(list, Strict)).toBeNull();
    expect(readPlainArray(list, Strict)).toBeNull();
    list.push(['not an object']);
    expect(readPlainArray(list, Entry)).toBeNull();
  });

  it('does not cache shared types, whose content changes in place', () => {
    const doc = new Y.Doc();
    const map = doc.getMap<unknown>('m');
    map.set('x', { id: 'x', n: 1 });
    expect(readPlainMap(map, Entry)?.get('x')).toEqual({ id: 'x', n: 1 });
    const nested = new Y.Map<unknown>();
    map.set('y', nested);
    expect(readPlainMap(map, Entry)).toBeNull();
    nested.set('id', 'y');
    expect(readPlainMap(map, Entry)).toBeNull();
  });
});
