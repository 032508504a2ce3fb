import * as v from 'valibot';
import type * as Y from 'yjs';

/**
 * Reads every value of a map of plain entries through `schema`. Returns null when one entry is
 * malformed: a document that holds garbage is not a valid document (docs/design.md §4).
 */
export function readPlainMap<const S extends v.GenericSchema>(
  map: Y.Map<unknown>,
  schema: S,
): Map<string, v.InferOutput<S>> | null {
  const out = new Map<string, v.InferOutput<S>>();
  for (const [key, raw] of map.entries()) {
    const parsed = parseEntry(schema, raw);
    if (parsed === INVALID) return null;
    out.set(key, parsed);
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
    const parsed = parseEntry(schema, raw);
    if (parsed === INVALID) return null;
    out.push(parsed);
  }
  return out;
}

/** Sorted keys, so every replica lists entries in the same order. */
export function sortedEntries<T>(map: ReadonlyMap<string, T>): [string, T][] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const INVALID = Symbol('invalid');

/**
 * One plain entry read through `schema`, or undefined when it is not valid — from the same cache
 * the readers use, so the relay's check of a new entry and the next read of the doc parse it once.
 */
export function parsePlainEntry<const S extends v.GenericSchema>(
  schema: S,
  raw: unknown,
): v.InferOutput<S> | undefined {
  const parsed = parseEntry(schema, raw);
  return parsed === INVALID ? undefined : parsed;
}

/**
 * Whether `raw` holds nothing its parsed form dropped: every key of every object in it is one the
 * schema knows (values may differ where the schema transforms them). A valibot object schema
 * ignores unknown keys; the relay refuses content outside the model.
 */
export function withinSchema(raw: unknown, parsed: unknown): boolean {
  if (Array.isArray(raw)) {
    return Array.isArray(parsed) && raw.length === parsed.length && raw.every((x, i) => withinSchema(x, parsed[i]));
  }
  if (typeof raw === 'object' && raw !== null) {
    if (typeof parsed !== 'object' || parsed === null) return false;
    const known = parsed as Record<string, unknown>;
    return Object.entries(raw as Record<string, unknown>).every(
      ([key, value]) => value === undefined || (Object.hasOwn(known, key) && withinSchema(value, known[key])),
    );
  }
  return true;
}

/**
 * Parsed entries, by schema and by the stored object itself. Yjs hands back the very object it
 * stores for a plain (ContentAny) entry and never changes it, so an entry validated once need
 * not be validated again: the relay re-reads a doc's whole history on every write, and this
 * turns that from a parse per message into a lookup per message. Only plain objects and arrays
 * are cached — shared types (Y.Map, Y.Text) change in place.
 */
const parsedCache = new WeakMap<v.GenericSchema, WeakMap<object, unknown>>();

function isPlain(raw: unknown): raw is object {
  if (typeof raw !== 'object' || raw === null) return false;
  const proto = Object.getPrototypeOf(raw);
  return proto === Object.prototype || proto === Array.prototype;
}

function parseEntry<S extends v.GenericSchema>(schema: S, raw: unknown): v.InferOutput<S> | typeof INVALID {
  if (!isPlain(raw)) {
    const parsed = v.safeParse(schema, raw);
    return parsed.success ? parsed.output : INVALID;
  }
  let cache = parsedCache.get(schema);
  if (!cache) {
    cache = new WeakMap();
    parsedCache.set(schema, cache);
  }
  if (cache.has(raw)) return cache.get(raw) as v.InferOutput<S> | typeof INVALID;
  const parsed = v.safeParse(schema, raw);
  // Frozen, since every later read hands out the same object: a caller that changed it would
  // change what every other reader sees.
  const result = parsed.success ? deepFreeze(parsed.output as v.InferOutput<S>) : INVALID;
  cache.set(raw, result);
  return result;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
