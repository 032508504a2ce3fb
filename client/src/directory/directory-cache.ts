import type { Official, OrgUnit } from '@thongsuot/shared';
import type { LocalDb } from '../store/local-db.ts';

/**
 * Keeps the device's copy of the city's units and officials, refreshed whenever the server can
 * be reached, so the recipient picker works offline. (The unit documents of the directory
 * issue replace this.)
 */
export async function refreshDirectory(db: LocalDb): Promise<boolean> {
  let body: { units: OrgUnit[]; officials: Official[] };
  try {
    const response = await fetch('/api/directory', { credentials: 'same-origin' });
    if (!response.ok) return false;
    body = (await response.json()) as typeof body;
  } catch {
    return false;
  }
  await db.transaction('rw', db.units, db.officials, async () => {
    await db.units.clear();
    await db.officials.clear();
    await db.units.bulkPut(body.units.map((u) => ({ id: u.id, name: u.name, kind: u.kind, parentId: u.parentId })));
    await db.officials.bulkPut(
      body.officials.map((o) => ({
        id: o.id,
        fullName: o.fullName,
        position: o.position,
        unitId: o.unitId,
        phone: o.phone,
        email: o.email,
      })),
    );
  });
  return true;
}
