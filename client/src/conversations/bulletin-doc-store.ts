import type { DocKindStore } from '../store/doc-kinds.ts';
import { type BulletinProjection, bulletinProjection, writeBulletinProjection } from './bulletin-projection.ts';

/** A unit's bulletin (`bulletin/<unitId>`) in the device's store: its announcements' rows. */
export const bulletinDocStore: DocKindStore<BulletinProjection | null> = {
  tables: (db) => [db.announcements],
  prepare: ({ doc }) => bulletinProjection(doc),
  async project({ db, doc, prepared, rebuilt }) {
    const projection = rebuilt ? bulletinProjection(doc) : prepared;
    if (projection) await writeBulletinProjection(db, projection);
  },
};
