import { readUnitPage, type UnitPage } from '@thongsuot/shared/model/unit-page';
import type * as Y from 'yjs';
import type { DirectoryOfficialRow, DirectoryUnitRow, LocalDb } from '../store/local-db.ts';

/** Bumped with every directory write, so the in-memory search knows to rebuild. */
export const DIRECTORY_VERSION_KEY = 'directoryVersion';

export interface UnitProjection {
  readonly unit: DirectoryUnitRow;
  /** The people on the page who have not left. */
  readonly officials: DirectoryOfficialRow[];
}

/** The rows a unit page (`unit/<id>`) projects to, or null while the doc is not a valid page. */
export function unitProjection(doc: Y.Doc): UnitProjection | null {
  const page = readUnitPage(doc);
  return page ? projectPage(page) : null;
}

export function projectPage(page: UnitPage): UnitProjection {
  const { unit } = page;
  const people = page.people.filter((p) => p.active);
  const keys = new Map<string, NonNullable<DirectoryOfficialRow['keys']>>();
  for (const { personId, keyId, algorithm, spki, at, revokedAt } of page.publicKeys) {
    const list = keys.get(personId) ?? [];
    list.push({ keyId, algorithm, spki, at, ...(revokedAt !== undefined ? { revokedAt } : {}) });
    keys.set(personId, list);
  }
  return {
    unit: {
      id: unit.id,
      name: unit.name,
      kind: unit.kind,
      parentId: unit.parentId,
      ...(unit.address ? { address: unit.address } : {}),
      ...(unit.phone ? { phone: unit.phone } : {}),
      ...(unit.email ? { email: unit.email } : {}),
      ...(unit.mergedInto ? { mergedInto: unit.mergedInto } : {}),
      divisions: page.divisions.map((d) => ({ id: d.id, name: d.name, order: d.order })),
      admins: [...page.admins],
      people: people.length,
      clerks: page.roles.filter((r) => r.role === 'clerk').map((r) => r.personId),
    },
    officials: people.map((p) => ({
      id: p.id,
      fullName: p.fullName,
      position: p.position,
      unitId: unit.id,
      phone: p.phone ?? '',
      email: p.email ?? '',
      rank: p.rank,
      positionId: p.positionId,
      ...(p.divisionId ? { divisionId: p.divisionId } : {}),
      ...(keys.has(p.id) ? { keys: keys.get(p.id) } : {}),
    })),
  };
}

/** Rows compared whatever the order of their keys (rows from the directory's download differ in it). */
function sameRows(a: readonly object[], b: readonly object[]): boolean {
  const order = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .filter(([, v]) => v !== undefined)
              .sort(([x], [y]) => order(x, y))
              .map(([k, v]) => [k, canonical(v)]),
          )
        : value;
  const byId = (rows: readonly object[]) =>
    JSON.stringify(canonical([...rows].sort((x, y) => order((x as { id: string }).id, (y as { id: string }).id))));
  return a.length === b.length && byId(a) === byId(b);
}

/**
 * Replaces a unit's rows with its page's, inside the caller's IndexedDB transaction (which
 * must include `units`, `officials` and `meta`): people who left the page leave the list.
 * A page that projects to the rows already stored writes nothing and keeps the directory's
 * version: a reconnection that re-applies the person's unit page must not make every screen
 * rebuild its index of 50,000 people (docs/design.md §19).
 */
export async function writeUnitProjection(db: LocalDb, projection: UnitProjection): Promise<void> {
  const [storedUnit, stored] = await Promise.all([
    db.units.get(projection.unit.id),
    db.officials.where('unitId').equals(projection.unit.id).toArray(),
  ]);
  if (storedUnit && sameRows([storedUnit], [projection.unit]) && sameRows(stored, projection.officials)) return;
  const keep = new Set(projection.officials.map((o) => o.id));
  const gone = stored.map((o) => o.id).filter((id) => !keep.has(id));
  await db.officials.bulkDelete(gone);
  await db.units.put(projection.unit);
  await db.officials.bulkPut(projection.officials);
  await bumpDirectoryVersion(db);
}

/** Returns the new version. */
export async function bumpDirectoryVersion(db: LocalDb): Promise<number> {
  const current = (await db.meta.get(DIRECTORY_VERSION_KEY))?.value;
  const next = (typeof current === 'number' ? current : 0) + 1;
  await db.meta.put({ key: DIRECTORY_VERSION_KEY, value: next });
  return next;
}
