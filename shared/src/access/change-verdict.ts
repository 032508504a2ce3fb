/** The answer to "may this person make this change to this document?" (docs/design.md §4). */
export type ChangeVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: string; readonly message: string };

export const OK: ChangeVerdict = { ok: true };

/**
 * A read-only look at another doc, for rules that depend on it (a child task's parent, a case
 * group's task): its facts as its kind's policy gives them, or null when it does not exist.
 * The relay bounds how many docs one check may look at (docs/design.md §11).
 */
export type DocLookup = (docId: string) => unknown;

/** For callers that check a change no other doc bears on. */
export const NO_LOOKUP: DocLookup = () => null;

export function refuse(
  code: 'forbidden' | 'invalid_doc' | 'invalid_task' | 'awaiting_key',
  message: string,
): ChangeVerdict {
  return { ok: false, code, message };
}

/**
 * Structural equality of two projections: key order never matters. Compared in place rather
 * than through sorted JSON, because the relay runs it on every write (it dominated the apply
 * worker's profile when it serialised whole message histories).
 */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return false;
    for (const [key, value] of a) if (!b.has(key) || !same(value, b.get(key))) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  // A key holding `undefined` counts as absent, as it would in JSON.
  let count = 0;
  for (const key in left) {
    if (!Object.hasOwn(left, key) || left[key] === undefined) continue;
    count++;
    if (!same(left[key], right[key])) return false;
  }
  for (const key in right) if (Object.hasOwn(right, key) && right[key] !== undefined) count--;
  return count === 0;
}

/**
 * The common case of an append-only list's check, cheaply: `after` holds the very objects of
 * `before` (the doc readers hand out one object per stored entry, y-read.ts) in the same order —
 * a Y.Array never reorders — with new ones in between (concurrent writers) or at the end. Returns
 * those new ones, or null when some object of `before` is not there by identity (then the caller
 * compares by content).
 */
export function addedByIdentity<T>(before: readonly T[], after: readonly T[]): T[] | null {
  const added: T[] = [];
  let matched = 0;
  for (const x of after) {
    if (matched < before.length && x === before[matched]) matched++;
    else added.push(x);
  }
  return matched === before.length ? added : null;
}

/** Items of `after` that `before` lacks, by id; null when one of `before` was changed or removed. */
export function appended<T>(before: readonly T[], after: readonly T[], id: (x: T) => string): T[] | null {
  const added = addedByIdentity(before, after);
  if (added !== null) {
    // Usually one or two items: looking their ids up beats hashing every id of the history.
    const addedIds = new Set(added.map(id));
    let reused = addedIds.size !== added.length;
    for (let i = 0; i < before.length && !reused; i++) reused = addedIds.has(id(before[i] as T));
    if (!reused) return added;
  }
  const kept = new Map(after.map((x) => [id(x), x]));
  for (const old of before) {
    const now = kept.get(id(old));
    if (now === undefined || !same(old, now)) return null;
  }
  const known = new Set(before.map(id));
  return after.filter((x) => !known.has(id(x)));
}
