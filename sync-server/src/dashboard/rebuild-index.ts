import { type AssignmentRow, assignmentRows, readReceipts, readTask } from '@thongsuot/shared';
import * as Y from 'yjs';
import { ASSIGNMENT_COLUMNS, rowValues } from '../storage/assignment-table.ts';
import type { SqliteDatabase } from '../storage/sqlite-database.ts';

const BUILD = 'assignments';

/** Whether the assignment index was built from the stored docs (or written complete by the generator). */
export function assignmentIndexBuilt(db: SqliteDatabase): boolean {
  return db.prepare('SELECT 1 FROM index_builds WHERE name = ?').pluck().get(BUILD) !== undefined;
}

export function markAssignmentIndexBuilt(db: SqliteDatabase, at: number): void {
  db.prepare('INSERT OR REPLACE INTO index_builds (name, built_at) VALUES (?, ?)').run(BUILD, at);
}

/**
 * Every task's assignment rows, from its stored updates alone (docs/design.md §14): what the
 * writes' projections must have left in `assignment_index`. A doc that no longer reads as a task
 * has no rows.
 */
export function* rowsFromStoredTasks(db: SqliteDatabase): Generator<AssignmentRow[]> {
  const ids = db.prepare("SELECT doc_id FROM docs WHERE kind = 'task' ORDER BY doc_id").pluck().all() as string[];
  const updates = db.prepare('SELECT data FROM doc_updates WHERE doc_id = ? ORDER BY seq').pluck();
  for (const docId of ids) {
    const doc = new Y.Doc();
    doc.transact(() => {
      for (const data of updates.all(docId) as Buffer[]) Y.applyUpdate(doc, data);
    });
    const task = readTask(doc);
    if (task) yield assignmentRows(task, readReceipts(doc));
    doc.destroy();
  }
}

export interface RebuildResult {
  readonly tasks: number;
  readonly rows: number;
  readonly ms: number;
}

/**
 * Rebuilds the assignment index from the stored docs, in one transaction: the backfill after the
 * migration that added it, and `pnpm backfill:assignments` (run with the relay stopped, or at its
 * start, before it takes writes).
 */
export function rebuildAssignmentIndex(db: SqliteDatabase, at: number): RebuildResult {
  const started = performance.now();
  const insert = db.prepare(
    `INSERT INTO assignment_index (${ASSIGNMENT_COLUMNS}) VALUES (${Array(18).fill('?').join(', ')})`,
  );
  let tasks = 0;
  let rows = 0;
  db.transaction(() => {
    db.prepare('DELETE FROM assignment_index').run();
    for (const taskRows of rowsFromStoredTasks(db)) {
      tasks++;
      for (const row of taskRows) {
        insert.run(...rowValues(row));
        rows++;
      }
    }
    markAssignmentIndexBuilt(db, at);
  })();
  return { tasks, rows, ms: performance.now() - started };
}

/** Builds the index on the first start after the migration that added it. */
export function ensureAssignmentIndex(db: SqliteDatabase, at: number): RebuildResult | null {
  return assignmentIndexBuilt(db) ? null : rebuildAssignmentIndex(db, at);
}
