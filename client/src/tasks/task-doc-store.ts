import type { DocKindStore } from '../store/doc-kinds.ts';
import type { TaskRow } from '../store/local-db.ts';
import { taskRow } from '../store/task-projection.ts';
import { carryOverTaskWork } from './task-rebase.ts';

/**
 * Task docs (`task/<id>`) in the device's store: their list row in `tasks`, which keeps how many
 * of the doc's changes wait in the outbox (`waiting`). Only that table: a task change's
 * transaction ([updates, outbox, tasks]) does not wait for lists reading the other tables.
 */
export const taskDocStore: DocKindStore<TaskRow | null, TaskRow> = {
  tables: (db) => [db.tasks],
  prepare: ({ docId, doc }) => taskRow(docId, doc),
  async project({ db, docId, doc, prepared, rebuilt, waiting }) {
    const row = rebuilt ? taskRow(docId, doc) : prepared;
    if (row) await db.tasks.put({ ...row, waiting: await waiting() });
    else if (rebuilt) await db.tasks.delete(docId);
  },
  carryOver: carryOverTaskWork,
  batch: {
    row(docId, doc, waiting) {
      const row = taskRow(docId, doc);
      return row ? { ...row, waiting } : null;
    },
    async write(db, rows) {
      await db.tasks.bulkPut(rows);
    },
  },
};
