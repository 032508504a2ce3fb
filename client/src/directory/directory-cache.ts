import type { Official, OrgUnit } from '@thongsuot/shared/org/org-unit';
import { foldVietnamese } from '@thongsuot/shared/text/fold';
import type { DirectoryOfficialRow, LocalDb } from '../store/local-db.ts';

const REFRESHED_KEY = 'directoryRefreshedAt';

export function officialRow(o: Official): DirectoryOfficialRow {
  return {
    id: o.id,
    fullName: o.fullName,
    position: o.position,
    unitId: o.unitId,
    phone: o.phone,
    email: o.email,
    searchWords: [...new Set(foldVietnamese(o.fullName).split(' '))],
  };
}

/**
 * Keeps the device's copy of the city's units and officials, refreshed whenever the server can
 * be reached, so the recipient picker and people search work offline. (The unit documents of
 * the directory issue replace this.)
 */
export async function refreshDirectory(db: LocalDb, now: () => number = Date.now): Promise<boolean> {
  let body: { units: OrgUnit[]; officials: Official[] };
  try {
    const response = await fetch('/api/directory', { credentials: 'same-origin' });
    if (!response.ok) return false;
    body = (await response.json()) as typeof body;
  } catch {
    return false;
  }
  await db.transaction('rw', db.units, db.officials, db.meta, async () => {
    await db.units.clear();
    await db.officials.clear();
    await db.units.bulkPut(body.units.map((u) => ({ id: u.id, name: u.name, kind: u.kind, parentId: u.parentId })));
    await db.officials.bulkPut(body.officials.map(officialRow));
    await db.meta.put({ key: REFRESHED_KEY, value: now() });
  });
  return true;
}

/** People whose name has a word starting with each typed word, diacritics optional. */
export async function searchOfficials(db: LocalDb, query: string, limit = 50): Promise<DirectoryOfficialRow[]> {
  const words = foldVietnamese(query).split(' ').filter(Boolean);
  const [first, ...rest] = words.sort((a, b) => b.length - a.length);
  if (!first) return [];
  const found = await db.officials
    .where('searchWords')
    .startsWith(first)
    .filter((o) => rest.every((w) => o.searchWords.some((s) => s.startsWith(w))))
    .distinct()
    .limit(limit)
    .toArray();
  return found.sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'));
}
