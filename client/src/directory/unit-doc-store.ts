import type { DocKindStore } from '../store/doc-kinds.ts';
import { type UnitProjection, unitProjection, writeUnitProjection } from './unit-projection.ts';

/** Unit pages (`unit/<id>`) in the device's store: the unit's row, its people, the directory's version. */
export const unitDocStore: DocKindStore<UnitProjection | null> = {
  tables: (db) => [db.units, db.officials, db.meta],
  prepare: ({ doc }) => unitProjection(doc),
  async project({ db, doc, prepared, rebuilt }) {
    const rows = rebuilt ? unitProjection(doc) : prepared;
    if (rows) await writeUnitProjection(db, rows);
  },
};
