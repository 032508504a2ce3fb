/**
 * Document ids name their kind: `task/<id>`, `conv/<id>`, `convlog/<convId>_<YYYYMM>` (one month of
 * a conversation's messages), `unit/<id>`, `user/<id>`,
 * `bulletin/<unitId>`. The kind decides which access rules apply (docs/design.md §1).
 */
export const DOC_KINDS = ['task', 'conv', 'convlog', 'unit', 'user', 'bulletin', 'dossier', 'dash'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export interface DocAddress {
  readonly kind: DocKind;
  readonly id: string;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function docId(kind: DocKind, id: string): string {
  if (!ID_PATTERN.test(id)) throw new Error(`invalid ${kind} id: ${id}`);
  return `${kind}/${id}`;
}

/** Parses a doc id; returns null for anything that is not a well-formed id of a known kind. */
export function parseDocId(value: string): DocAddress | null {
  const slash = value.indexOf('/');
  if (slash <= 0) return null;
  const kind = value.slice(0, slash);
  const id = value.slice(slash + 1);
  if (!(DOC_KINDS as readonly string[]).includes(kind) || !ID_PATTERN.test(id)) return null;
  return { kind: kind as DocKind, id };
}

/**
 * A random id for a new document, made on the device (offline included). Uses
 * getRandomValues, which unlike randomUUID also exists outside secure contexts.
 */
export function newId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}
