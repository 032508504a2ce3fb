import type { DocKindStore } from '../store/doc-kinds.ts';
import { projectReminders } from './reminder-projection.ts';

/** The person's own doc (`user/<id>`) in the device's store: the reminders this device schedules. */
export const userDocStore: DocKindStore = {
  tables: (db) => [db.reminders],
  project: ({ db, doc }) => projectReminders(db, doc),
};
