import { readBulletin } from '@thongsuot/shared/model/bulletin';
import type * as Y from 'yjs';
import type { AnnouncementRow, LocalDb } from '../store/local-db.ts';

export interface BulletinProjection {
  readonly unitId: string;
  readonly rows: AnnouncementRow[];
}

/** The announcement rows of a bulletin doc (`bulletin/<unitId>`), or null while it is not a valid bulletin. */
export function bulletinProjection(doc: Y.Doc): BulletinProjection | null {
  const bulletin = readBulletin(doc);
  if (!bulletin) return null;
  return {
    unitId: bulletin.unitId,
    rows: bulletin.announcements.map((a) => ({
      key: `${bulletin.unitId}/${a.id}`,
      unitId: bulletin.unitId,
      id: a.id,
      title: a.title,
      body: a.body,
      importance: a.importance,
      audience: { ...a.audience } as AnnouncementRow['audience'],
      by: a.by,
      at: a.at,
      ...(a.until ? { until: a.until } : {}),
      withdrawnAt: a.withdrawnAt,
    })),
  };
}

/** Replaces the bulletin's rows, inside the caller's IndexedDB transaction (which includes `announcements`). */
export async function writeBulletinProjection(db: LocalDb, projection: BulletinProjection): Promise<void> {
  await db.announcements.where('unitId').equals(projection.unitId).delete();
  await db.announcements.bulkPut(projection.rows);
}
