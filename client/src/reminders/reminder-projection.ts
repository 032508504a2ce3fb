import { readReminders } from '@thongsuot/shared/model/reminder';
import type * as Y from 'yjs';
import type { LocalDb, ReminderRow } from '../store/local-db.ts';

/**
 * Writes the person's reminders from their user doc into the `reminders` table this device
 * schedules from, keeping what only this device knows (which due time it already fired for).
 * Runs inside the IndexedDB transaction that stores the doc's update.
 */
export async function projectReminders(db: LocalDb, doc: Y.Doc): Promise<void> {
  const reminders = readReminders(doc);
  if (!reminders) return; // a malformed doc keeps the last good projection
  const existing = new Map((await db.reminders.toArray()).map((r) => [r.id, r]));
  const rows: ReminderRow[] = reminders.map((r) => {
    const firedFor = existing.get(r.id)?.firedFor;
    return {
      id: r.id,
      text: r.text,
      dueAt: r.dueAt,
      done: r.done,
      ...(r.taskId ? { taskId: r.taskId } : {}),
      ...(firedFor !== undefined ? { firedFor } : {}),
    };
  });
  const keep = new Set(rows.map((r) => r.id));
  await db.reminders.bulkDelete([...existing.keys()].filter((id) => !keep.has(id)));
  await db.reminders.bulkPut(rows);
}
