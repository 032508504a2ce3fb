import * as v from 'valibot';
import * as Y from 'yjs';
import { parseOrThrow } from '../validation/parse.ts';
import { IdSchema, nonBlankText } from '../validation/primitives.ts';
import { unitPeople } from './unit-page-doc.ts';

/** A person as the directory lists them: name, position and rank, division, contacts. */
export const PhoneSchema = v.pipe(v.string(), v.regex(/^\+?[0-9 .-]{6,20}$/, 'a phone number'));
export const EmailSchema = v.pipe(v.string(), v.maxLength(254), v.email());

export const DirectoryPersonSchema = v.object({
  id: IdSchema,
  fullName: nonBlankText(120),
  positionId: IdSchema,
  /** The position's title as shown, e.g. "Phó Chủ tịch UBND Phường Bến Thành". */
  position: nonBlankText(200),
  /** Lower is more senior; 1 = head of the unit (org/positions.ts). */
  rank: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(9)),
  divisionId: v.optional(IdSchema),
  phone: v.optional(PhoneSchema),
  email: v.optional(EmailSchema),
  active: v.optional(v.boolean(), true),
});
export type DirectoryPerson = v.InferOutput<typeof DirectoryPersonSchema>;
export type DirectoryPersonInput = v.InferInput<typeof DirectoryPersonSchema>;
export type DirectoryPersonPatch = Partial<Omit<DirectoryPersonInput, 'id'>>;

const FIELDS = ['fullName', 'positionId', 'position', 'rank', 'divisionId', 'phone', 'email', 'active'] as const;

export function putDirectoryPerson(doc: Y.Doc, person: DirectoryPersonInput): void {
  const valid = parseOrThrow(DirectoryPersonSchema, person, 'directory person');
  doc.transact(() => {
    const people = unitPeople(doc);
    let entry = people.get(valid.id);
    if (!(entry instanceof Y.Map)) {
      entry = new Y.Map<unknown>();
      people.set(valid.id, entry);
    }
    const map = entry as Y.Map<unknown>;
    for (const field of FIELDS) {
      const value = valid[field];
      if (value === undefined) map.delete(field);
      else if (map.get(field) !== value) map.set(field, value);
    }
  });
}

/** Changes only the given fields, so a concurrent edit of another field survives. */
export function patchDirectoryPerson(doc: Y.Doc, personId: string, patch: DirectoryPersonPatch): void {
  const entry = unitPeople(doc).get(personId);
  if (!(entry instanceof Y.Map)) throw new Error(`no person ${personId} in this unit`);
  const current = readPersonEntry(personId, entry);
  if (!current) throw new Error(`person ${personId} is malformed`);
  parseOrThrow(DirectoryPersonSchema, { ...current, ...patch }, 'directory person');
  doc.transact(() => {
    for (const field of FIELDS) {
      if (!(field in patch)) continue;
      const value = patch[field];
      if (value === undefined) entry.delete(field);
      else entry.set(field, value);
    }
  });
}

function readPersonEntry(id: string, entry: Y.Map<unknown>): DirectoryPerson | null {
  const parsed = v.safeParse(DirectoryPersonSchema, { ...entry.toJSON(), id });
  return parsed.success ? parsed.output : null;
}

/** Everyone on the page sorted by rank then name; null if an entry is malformed. */
export function readDirectoryPeople(doc: Y.Doc): DirectoryPerson[] | null {
  const out: DirectoryPerson[] = [];
  for (const [id, entry] of unitPeople(doc).entries()) {
    if (!(entry instanceof Y.Map)) return null;
    const person = readPersonEntry(id, entry);
    if (!person) return null;
    out.push(person);
  }
  return out.sort((a, b) => a.rank - b.rank || a.fullName.localeCompare(b.fullName, 'vi') || (a.id < b.id ? -1 : 1));
}
