/** The answer to "may this person make this change to this document?" (DESIGN.md §4). */
export type ChangeVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: string; readonly message: string };

export const OK: ChangeVerdict = { ok: true };

export function refuse(code: 'forbidden' | 'invalid_doc' | 'invalid_task', message: string): ChangeVerdict {
  return { ok: false, code, message };
}

/** Stable JSON for comparing projections: keys sorted, so field order never matters. */
export function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Map)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v instanceof Map
        ? Object.fromEntries([...v.entries()].sort(([x], [y]) => (x < y ? -1 : 1)))
        : v,
  );
}

/** Items of `after` that `before` lacks, by id; null when one of `before` was changed or removed. */
export function appended<T>(before: readonly T[], after: readonly T[], id: (x: T) => string): T[] | null {
  const kept = new Map(after.map((x) => [id(x), x]));
  for (const old of before) {
    const now = kept.get(id(old));
    if (now === undefined || !same(old, now)) return null;
  }
  const known = new Set(before.map(id));
  return after.filter((x) => !known.has(id(x)));
}
