import type { PoolClient } from 'pg';
import { ASSIGNMENT_COLUMNS, rowValues } from '../assignment-table.ts';
import type { DocWrite } from '../doc-store.ts';

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
    const placeholders = Array.from({ length: 18 }, (_, i) => `$${i + 1}`).join(', ');
    const columns = ASSIGNMENT_COLUMNS.split(',').map((name) => name.trim());
    const updates = columns
      .slice(2)
      .map((name) => `${name} = excluded.${name}`)
      .join(', ');
    for (const row of task.assignments.upsert) {
      await c.query(
        `INSERT INTO assignment_index (${ASSIGNMENT_COLUMNS}) VALUES (${placeholders})
         ON CONFLICT (task_id, recipient_id) DO UPDATE SET ${updates}`,
        rowValues(row),
      );
    }
    if (task.assignments.remove.length) {
      await c.query('DELETE FROM assignment_index WHERE task_id = $1 AND recipient_id = ANY($2::text[])', [
        taskId,
        task.assignments.remove,
      ]);
    }
  }
}
