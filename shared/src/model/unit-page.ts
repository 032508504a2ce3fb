import * as v from 'valibot';
import type * as Y from 'yjs';
import { UNIT_KINDS } from '../org/org-unit.ts';
import { parseOrThrow } from '../validation/parse.ts';
import { IdSchema, nonBlankText, TimestampSchema } from '../validation/primitives.ts';
import { type DirectoryPerson, EmailSchema, PhoneSchema, readDirectoryPeople } from './directory-person.ts';
import { type PublicKey, readPublicKeys } from './public-key.ts';
import { UNIT_PAGE_SCHEMA_VERSION, unitAdmins, unitDivisions, unitMeta, unitRoles } from './unit-page-doc.ts';
import { readPlainMap, sortedEntries } from './y-read.ts';

/**
 * One unit's directory page (`unit/<id>`): the unit's facts, its divisions, its people, its
 * directory admins and its people's public keys. All staff read it; its admins keep it current.
 */
export const UnitFactsSchema = v.object({
  id: IdSchema,
  name: nonBlankText(200),
  kind: v.picklist(UNIT_KINDS),
  parentId: v.nullable(IdSchema),
  address: v.optional(v.pipe(v.string(), v.maxLength(300))),
  phone: v.optional(PhoneSchema),
  email: v.optional(EmailSchema),
  /** Set when the unit was merged into another (the 2025 mergers of wards): it takes no new work. */
  mergedInto: v.optional(IdSchema),
});
export type UnitFacts = v.InferOutput<typeof UnitFactsSchema>;

export const DivisionSchema = v.object({ name: nonBlankText(200), order: v.pipe(v.number(), v.integer()) });
export interface Division {
  readonly id: string;
  readonly name: string;
  readonly order: number;
}

export const AdminSchema = v.object({ at: TimestampSchema, by: IdSchema });

/**
 * Roles in a unit's document work (Decree 30/2020): the clerk (văn thư) registers incoming
 * documents and issues outgoing ones; a signer signs for the unit. Given by the unit's directory
 * editors, as `<personId>/<role>`; removed by deleting the key.
 */
export const UNIT_ROLES = ['clerk', 'signer'] as const;
export type UnitRole = (typeof UNIT_ROLES)[number];
export const RoleGrantSchema = AdminSchema;

export interface UnitRoleGrant {
  readonly personId: string;
  readonly role: UnitRole;
}

export function setUnitRole(
  doc: Y.Doc,
  personId: string,
  role: UnitRole,
  granted: boolean,
  by: string,
  at: number,
): void {
  const key = `${parseOrThrow(IdSchema, personId, 'person')}/${parseOrThrow(v.picklist(UNIT_ROLES), role, 'role')}`;
  if (granted) unitRoles(doc).set(key, { at, by });
  else unitRoles(doc).delete(key);
}

function readRoles(doc: Y.Doc): UnitRoleGrant[] | null {
  const out: UnitRoleGrant[] = [];
  for (const [key, raw] of unitRoles(doc).entries()) {
    const slash = key.lastIndexOf('/');
    const role = key.slice(slash + 1);
    if (slash <= 0 || !v.is(RoleGrantSchema, raw) || !(UNIT_ROLES as readonly string[]).includes(role)) return null;
    out.push({ personId: key.slice(0, slash), role: role as UnitRole });
  }
  return out.sort((a, b) => (a.personId + a.role < b.personId + b.role ? -1 : 1));
}

export interface UnitPage {
  readonly schemaVersion: number;
  readonly unit: UnitFacts;
  readonly divisions: readonly Division[];
  readonly people: readonly DirectoryPerson[];
  readonly admins: readonly string[];
  readonly publicKeys: readonly PublicKey[];
  /** Clerks and signers of the unit. */
  readonly roles: readonly UnitRoleGrant[];
}

const EDITABLE_FACTS = ['name', 'parentId', 'address', 'phone', 'email', 'mergedInto'] as const;

export function createUnitPage(doc: Y.Doc, facts: UnitFacts, admins: readonly string[], at: number, by: string): void {
  const valid = parseOrThrow(UnitFactsSchema, facts, 'unit');
  doc.transact(() => {
    const meta = unitMeta(doc);
    meta.set('schemaVersion', UNIT_PAGE_SCHEMA_VERSION);
    meta.set('id', valid.id);
    meta.set('kind', valid.kind);
    for (const field of EDITABLE_FACTS) if (valid[field] !== undefined) meta.set(field, valid[field]);
    for (const admin of admins) unitAdmins(doc).set(parseOrThrow(IdSchema, admin, 'admin'), { at, by });
  });
}

/** Changes only the given facts; the unit's id and kind are fixed. */
export function patchUnitFacts(doc: Y.Doc, patch: Partial<Pick<UnitFacts, (typeof EDITABLE_FACTS)[number]>>): void {
  const current = readUnitFacts(doc);
  if (!current) throw new Error('not a unit page');
  parseOrThrow(UnitFactsSchema, { ...current, ...patch }, 'unit');
  doc.transact(() => {
    for (const field of EDITABLE_FACTS) {
      if (!(field in patch)) continue;
      const value = patch[field];
      if (value === undefined) unitMeta(doc).delete(field);
      else unitMeta(doc).set(field, value);
    }
  });
}

export function putDivision(doc: Y.Doc, division: Division): void {
  parseOrThrow(IdSchema, division.id, 'division id');
  unitDivisions(doc).set(
    division.id,
    parseOrThrow(DivisionSchema, { name: division.name, order: division.order }, 'division'),
  );
}

export function setDirectoryAdmin(doc: Y.Doc, personId: string, isAdmin: boolean, by: string, at: number): void {
  parseOrThrow(IdSchema, personId, 'admin');
  if (isAdmin) unitAdmins(doc).set(personId, { at, by });
  else unitAdmins(doc).delete(personId);
}

function readUnitFacts(doc: Y.Doc): UnitFacts | null {
  const parsed = v.safeParse(UnitFactsSchema, { parentId: null, ...unitMeta(doc).toJSON() });
  return parsed.success ? parsed.output : null;
}

export function readUnitPage(doc: Y.Doc): UnitPage | null {
  const version = unitMeta(doc).get('schemaVersion');
  if (typeof version !== 'number' || version < 1 || version > UNIT_PAGE_SCHEMA_VERSION) return null;
  const unit = readUnitFacts(doc);
  const divisions = readPlainMap(unitDivisions(doc), DivisionSchema);
  const admins = readPlainMap(unitAdmins(doc), AdminSchema);
  const people = readDirectoryPeople(doc);
  const publicKeys = readPublicKeys(doc);
  const roles = readRoles(doc);
  if (!unit || !divisions || !admins || !people || !publicKeys || !roles) return null;
  return {
    schemaVersion: version,
    unit,
    divisions: sortedEntries(divisions)
      .map(([id, d]) => ({ id, name: d.name, order: d.order }))
      .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1)),
    people,
    admins: sortedEntries(admins).map(([id]) => id),
    publicKeys,
    roles,
  };
}
