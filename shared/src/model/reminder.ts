import * as v from 'valibot';
import * as Y from 'yjs';
import { parseOrThrow } from '../validation/parse.ts';
import { IdSchema, nonBlankText, TimestampSchema } from '../validation/primitives.ts';
import { userReminders } from './user-doc-layout.ts';

/** A personal reminder that fires on the person's device, even offline (MISSION.md function 4). */
export const ReminderSchema = v.object({
  id: IdSchema,
  text: nonBlankText(1_000),
  /** When to remind, ms since the epoch. */
  dueAt: TimestampSchema,
  done: v.optional(v.boolean(), false),
  /** The task the reminder is about, if any. */
  taskId: v.optional(IdSchema),
  createdAt: TimestampSchema,
});
export type Reminder = v.InferOutput<typeof ReminderSchema>;
export type ReminderPatch = Partial<Pick<Reminder, 'text' | 'dueAt' | 'done'>>;

export function addReminder(doc: Y.Doc, reminder: v.InferInput<typeof ReminderSchema>): void {
  const valid = parseOrThrow(ReminderSchema, reminder, 'reminder');
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(valid)) if (key !== 'id' && value !== undefined) entry.set(key, value);
    userReminders(doc).set(valid.id, entry);
  });
}

export function updateReminder(doc: Y.Doc, id: string, patch: ReminderPatch): void {
  const entry = userReminders(doc).get(id);
  if (!(entry instanceof Y.Map)) throw new Error(`no reminder ${id}`);
  parseOrThrow(ReminderSchema, { ...entry.toJSON(), ...patch, id }, 'reminder');
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) entry.set(key, value);
  });
}

export function deleteReminder(doc: Y.Doc, id: string): void {
  userReminders(doc).delete(id);
}

/** Reminders by due time; null if one is malformed. */
export function readReminders(doc: Y.Doc): Reminder[] | null {
  const out: Reminder[] = [];
  for (const [id, entry] of userReminders(doc).entries()) {
    if (!(entry instanceof Y.Map)) return null;
    const parsed = v.safeParse(ReminderSchema, { ...entry.toJSON(), id });
    if (!parsed.success) return null;
    out.push(parsed.output);
  }
  return out.sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1));
}

/** The reminders to fire now: due, not done, not yet fired on this device (`fired` is device-local). */
export function dueReminders(reminders: readonly Reminder[], now: number, fired: ReadonlySet<string>): Reminder[] {
  return reminders.filter((r) => !r.done && r.dueAt <= now && !fired.has(r.id));
}
