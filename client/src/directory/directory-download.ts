import { decodeDirectoryBundle } from '@thongsuot/shared/directory/directory-bundle';
import * as Y from 'yjs';
import type { LocalDb, StoredUpdate } from '../store/local-db.ts';
import { DIRECTORY_DOWNLOADED_KEY } from './directory-refresh.ts';
import { adoptPrimedIndex, primeDirectoryIndex } from './people-index.ts';
import { bumpDirectoryVersion, type UnitProjection, unitProjection } from './unit-projection.ts';

/**
 * Downloads the whole directory (every unit page's CRDT state, GET /api/directory/bundle) and
 * stores it in one IndexedDB transaction: the docs, as the DocRepository keeps them, and their
 * rows in `units`/`officials`. Performance marks `directory-*` time each step for the bench.
 */
export async function downloadDirectory(db: LocalDb, fetchImpl: typeof fetch = fetch): Promise<boolean> {
  performance.mark('directory-download-start');
  const response = await fetchImpl('/api/directory/bundle', { credentials: 'same-origin' });
  if (!response.ok) return false;
  const docs = decodeDirectoryBundle(new Uint8Array(await response.arrayBuffer()));
  performance.mark('directory-fetched');
  const held = new Set((await db.updates.where('docId').startsWith('unit/').uniqueKeys()).map(String));
  /** Rows of docs synced over the socket before, merged into the download and then replaced. */
  const merged: number[] = [];
  const rows: StoredUpdate[] = [];
  const projections: UnitProjection[] = [];
  for (const [i, { docId, updateV2 }] of docs.entries()) {
    const doc = new Y.Doc();
    Y.applyUpdateV2(doc, updateV2);
    if (held.has(docId)) {
      // Synced over the socket before: merge, and let the sync sort out the rest.
      for (const row of await db.updates.where('docId').equals(docId).toArray()) {
        Y.applyUpdate(doc, row.data);
        merged.push(row.id as number);
      }
      rows.push({ docId, data: Y.encodeStateAsUpdate(doc) });
    } else {
      const stateVector = Y.encodeStateVector(doc);
      rows.push({
        docId,
        data: Y.encodeStateAsUpdate(doc),
        stateVector,
        upToDate: Y.encodeStateAsUpdate(doc, stateVector),
      });
    }
    const projection = unitProjection(doc);
    if (projection) projections.push(projection);
    doc.destroy();
    // Let the page paint and respond between the big departments.
    if (i % 16 === 15) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  performance.mark('directory-decoded');
  const unitIds = projections.map((p) => p.unit.id);
  const unitRows = projections.map((p) => p.unit);
  const officials = projections.flatMap((p) => p.officials);
  primeDirectoryIndex(db, officials, [...unitRows]);
  await db.transaction('rw', [db.updates, db.units, db.officials, db.meta], async () => {
    await db.updates.bulkDelete(merged);
    await db.updates.bulkAdd(rows);
    await db.officials.where('unitId').anyOf(unitIds).delete();
    await db.units.bulkPut(unitRows);
    await db.officials.bulkPut(officials);
    adoptPrimedIndex(db, await bumpDirectoryVersion(db));
    await db.meta.put({ key: DIRECTORY_DOWNLOADED_KEY, value: Date.now() });
  });
  performance.mark('directory-stored');
  return true;
}
