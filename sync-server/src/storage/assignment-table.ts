import type { AssignmentRow, SourceLevel, TaskStatus } from '@thongsuot/shared';
import type { AssignmentChanges, AssignmentIndex } from './doc-store.ts';
import type { SqliteDatabase } from './sqlite-database.ts';

/** The `assignment_index` table (migration 9, docs/design.md §14): rows in and out. */
export const ASSIGNMENT_COLUMNS = `task_id, recipient_id, recipient_kind, issuer_id, issuer_unit_id, source_level,
  parent_task_id, monitor_units, status, added_at, read_at, reported_at, completed_at, deadline,
  effective_deadline, extended_at, extension_pending, percent`;

export function rowValues(r: AssignmentRow): unknown[] {
  return [
    r.taskId,
    r.recipientId,
    r.recipientKind,
    r.issuerId,
    r.issuerUnitId,
    r.sourceLevel,
    r.parentTaskId,
    JSON.stringify(r.monitorUnits),
    r.status,
    r.addedAt,
    r.readAt,
    r.reportedAt,
    r.completedAt,
    r.deadline,
    r.effectiveDeadline,
    r.extendedAt,
    r.extensionPending ? 1 : 0,
    r.percent,
  ];
}

type Raw = [
  string,
  string,
  'unit' | 'person',
  string,
  string,
  SourceLevel,
  string | null,
  string,
  TaskStatus,
  number,
  number | null,
  number | null,
  number | null,
  string,
  string,
  number | null,
  number,
  number | null,
];

export function rowFrom(raw: unknown[]): AssignmentRow {
  const r = raw as Raw;
  return {
    taskId: r[0],
    recipientId: r[1],
    recipientKind: r[2],
    issuerId: r[3],
    issuerUnitId: r[4],
    sourceLevel: r[5],
    parentTaskId: r[6],
    monitorUnits: JSON.parse(r[7]) as string[],
    status: r[8],
    addedAt: r[9],
    readAt: r[10],
    reportedAt: r[11],
    completedAt: r[12],
    deadline: r[13],
    effectiveDeadline: r[14],
    extendedAt: r[15],
    extensionPending: r[16] === 1,
    percent: r[17],
  };
}

/** Statements writing a task's changed rows, for use inside the write's transaction. */
export function assignmentWriter(db: SqliteDatabase): (taskId: string, changes: AssignmentChanges) => void {
  const upsert = db.prepare(
    `INSERT OR REPLACE INTO assignment_index (${ASSIGNMENT_COLUMNS}) VALUES (${Array(18).fill('?').join(', ')})`,
  );
  const remove = db.prepare('DELETE FROM assignment_index WHERE task_id = ? AND recipient_id = ?');
  return (taskId, changes) => {
    for (const row of changes.upsert) upsert.run(...rowValues(row));
    for (const recipientId of changes.remove) remove.run(taskId, recipientId);
  };
}

/** Every row, ordered, and every task's title: what the leaders' figures start from. */
export function readAssignmentIndex(db: SqliteDatabase): AssignmentIndex {
  const rows = (
    db
      .prepare(`SELECT ${ASSIGNMENT_COLUMNS} FROM assignment_index ORDER BY task_id, recipient_id`)
      .raw()
      .all() as unknown[][]
  ).map(rowFrom);
  const titles = db
    .prepare(
      "SELECT substr(doc_id, 6), title FROM task_index WHERE doc_id IN (SELECT 'task/' || task_id FROM assignment_index)",
    )
    .raw()
    .all() as [string, string][];
  return { rows, titles };
}
