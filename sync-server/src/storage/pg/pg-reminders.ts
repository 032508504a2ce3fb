import type { Pool } from 'pg';
import type { DueReminder, RemindersDue } from '../../push/push-store.ts';

/**
 * Reminders falling due, from the `reminder_due` projection the docs' commits write in PostgreSQL
 * (several nodes, docs/scale-out.md). Which were pushed, and who has a device to push to, are the
 * relay's own records, in each node's SQLite: the push store filters these by them.
 */
export function pgRemindersDue(pool: Pool): RemindersDue {
  return async (until, since, limit) => {
    const { rows } = await pool.query<DueReminder>(
      `SELECT person_id AS "personId", reminder_id AS "reminderId", due_at AS "dueAt" FROM reminder_due
         WHERE due_at <= $1 AND due_at > $2 ORDER BY due_at LIMIT $3`,
      [until, since, limit],
    );
    return rows.map((r) => ({ ...r, dueAt: Number(r.dueAt) }));
  };
}
