import type { PoolClient } from 'pg';
import { ASSIGNMENT_COLUMNS, rowValues } from '../assignment-table.ts';
import type { DocWrite } from '../doc-store.ts';

const ASSIGNMENT_WIDTH = ASSIGNMENT_COLUMNS.split(',').length;
/** Rows per statement: far below PostgreSQL's 65,535 parameters. */
const ASSIGNMENT_CHUNK = 500;
const ASSIGNMENT_UPDATES = ASSIGNMENT_COLUMNS.split(',')
  .map((name) => name.trim())
  .slice(2)
  .map((name) => `${name} = excluded.${name}`)
  .join(', ');

/** An upsert of `count` assignment rows, each replacing the row of its task and recipient. */
function upsertAssignments(count: number): string {
  const values = Array.from(
    { length: count },
    (_, row) =>
      `(${Array.from({ length: ASSIGNMENT_WIDTH }, (_, i) => `$${row * ASSIGNMENT_WIDTH + i + 1}`).join(', ')})`,
  );
  return `INSERT INTO assignment_index (${ASSIGNMENT_COLUMNS}) VALUES ${values.join(', ')}
    ON CONFLICT (task_id, recipient_id) DO UPDATE SET ${ASSIGNMENT_UPDATES}`;
}

/** The projection's rows other than readers: members, the register, reminders, the task index. */
export async function writeProjection(c: PoolClient, write: DocWrite, at: number): Promise<void> {
  const { conversation, dossier, reminders, task } = write.projection ?? {};
  if (conversation) {
    await c.query('DELETE FROM conv_members WHERE doc_id = $1', [write.docId]);
    await c.query(
      `INSERT INTO conv_members (doc_id, person_id, role) SELECT $1, * FROM unnest($2::text[], $3::text[])
       ON CONFLICT (doc_id, person_id) DO UPDATE SET role = excluded.role`,
      [write.docId, conversation.members.map((m) => m.personId), conversation.members.map((m) => m.role)],
    );
  }
  if (dossier) {
    await c.query(
      `INSERT INTO dossiers (doc_id, unit_id, register, year, number, dedupe_key, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (doc_id) DO UPDATE SET year = excluded.year, number = excluded.number,
         dedupe_key = excluded.dedupe_key`,
      [
        write.docId,
        dossier.unitId,
        dossier.register,
        dossier.year,
        dossier.number,
        dossier.dedupeKey,
        dossier.createdAt,
      ],
    );
  }
  if (reminders) {
    await c.query('DELETE FROM reminder_due WHERE person_id = $1', [reminders.personId]);
    await c.query(
      `INSERT INTO reminder_due (person_id, reminder_id, due_at) SELECT $1, * FROM unnest($2::text[], $3::bigint[])
       ON CONFLICT (person_id, reminder_id) DO UPDATE SET due_at = excluded.due_at`,
      [reminders.personId, reminders.due.map((r) => r.id), reminders.due.map((r) => r.dueAt)],
    );
  }
  if (task) {
    await c.query(
      `INSERT INTO task_index (doc_id, title, issuer_id, issuer_unit_id, deadline, recipients, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (doc_id) DO UPDATE SET title = excluded.title, deadline = excluded.deadline,
         recipients = excluded.recipients, updated_at = excluded.updated_at`,
      [write.docId, task.title, task.issuerId, task.issuerUnitId, task.deadline, JSON.stringify(task.recipients), at],
    );
    const taskId = write.docId.slice('task/'.length);
    // A directive to every ward is 184 rows: a few statements, not one per row.
    // One row per recipient, the last given winning (as SQLite's INSERT OR REPLACE): PostgreSQL
    // refuses to update one row twice in a statement.
    const rows = [...new Map(task.assignments.upsert.map((r) => [r.recipientId, r])).values()];
    for (let from = 0; from < rows.length; from += ASSIGNMENT_CHUNK) {
      const chunk = rows.slice(from, from + ASSIGNMENT_CHUNK);
      await c.query(upsertAssignments(chunk.length), chunk.flatMap(rowValues));
    }
    if (task.assignments.remove.length) {
      await c.query('DELETE FROM assignment_index WHERE task_id = $1 AND recipient_id = ANY($2::text[])', [
        taskId,
        task.assignments.remove,
      ]);
    }
  }
}
