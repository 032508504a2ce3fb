import type { DocKindStore } from '../store/doc-kinds.ts';
import { dossierRow } from './dossier-row.ts';

/** Official documents (`dossier/<id>`) in the device's store: their register's list row. */
export const dossierDocStore: DocKindStore = {
  tables: (db) => [db.dossiers],
  project: async ({ db, docId, doc, rebuilt }) => {
    const row = dossierRow(docId, doc);
    if (row) await db.dossiers.put(row);
    else if (rebuilt) await db.dossiers.delete(docId);
  },
};
