import * as v from 'valibot';
import type * as Y from 'yjs';

/**
 * Reads every value of a map of plain entries through `schema`. Returns null when one entry is
 * malformed: a document that holds garbage is not a valid document (DESIGN.md §4).
 */
export function readPlainMap<const S extends v.GenericSchema>(
  map: Y.Map<unknown>,
  schema: S,
): Map<string, v.InferOutput<S>> | null {
  const out = new Map<string, v.InferOutput<S>>();
  for (const [key, raw] of map.entries()) {
    const parsed = v.safeParse(schema, raw);
    if (!parsed.success) return null;
    out.set(key, parsed.output);
  }
  return out;
}

/** Reads every element of an append-only array through `schema`; null if one is malformed. */
export function readPlainArray<const S extends v.GenericSchema>(
  array: Y.Array<unknown>,
  schema: S,
): v.InferOutput<S>[] | null {
  const out: v.InferOutput<S>[] = [];
  for (const raw of array.toArray()) {
    const parsed = v.safeParse(schema, raw);
    if (!parsed.success) return null;
    out.push(parsed.output);
  }
  return out;
}

/** Sorted keys, so every replica lists entries in the same order. */
export function sortedEntries<T>(map: ReadonlyMap<string, T>): [string, T][] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
