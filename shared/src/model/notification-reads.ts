import * as v from 'valibot';
import type * as Y from 'yjs';
import { parseOrThrow } from '../validation/parse.ts';
import { TimestampSchema } from '../validation/primitives.ts';
import { userNotificationReads } from './user-doc-layout.ts';
import { readPlainMap } from './y-read.ts';

/**
 * What the person has read in the notification center, kept in their own doc (`user/<id>`) so a
 * notification read on the phone is read on the desktop too. The notifications themselves are
 * derived on each device; only these marks are stored.
 */
export interface NotificationReads {
  /** notificationId -> when it was marked read. */
  readonly ids: ReadonlyMap<string, number>;
  /** Everything notified at or before this time is read ("mark all read"); 0 when never used. */
  readonly readAllBefore: number;
}

/** The key of the "mark all read" time; notification ids always hold a `:`, so never this. */
const READ_ALL_KEY = '*';
/** The doc keeps at most this many marks, the oldest dropped first, so it stays small. */
export const MAX_NOTIFICATION_READS = 2_000;

const NotificationIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(300));
export const ReadMarkSchema = v.object({ at: TimestampSchema });

export const NO_NOTIFICATION_READS: NotificationReads = { ids: new Map(), readAllBefore: 0 };

/**
 * Marks notifications read. Each mark is its own key: two devices marking different ones
 * concurrently both keep theirs. Past the limit the oldest marks go, in the same transaction.
 */
export function markNotificationsRead(doc: Y.Doc, ids: readonly string[], at: number): void {
  for (const id of ids) parseOrThrow(NotificationIdSchema, id, 'notification id');
  parseOrThrow(TimestampSchema, at, 'read time');
  const map = userNotificationReads(doc);
  doc.transact(() => {
    for (const id of ids) if (id !== READ_ALL_KEY && !map.has(id)) map.set(id, { at });
    pruneNotificationReads(map);
  });
}

/** "Mark all read": only ever moves forward, so an older mark from another device changes nothing. */
export function markAllNotificationsRead(doc: Y.Doc, before: number): void {
  parseOrThrow(TimestampSchema, before, 'read time');
  const map = userNotificationReads(doc);
  const current = v.safeParse(ReadMarkSchema, map.get(READ_ALL_KEY));
  if (current.success && current.output.at >= before) return;
  map.set(READ_ALL_KEY, { at: before });
}

function pruneNotificationReads(map: Y.Map<unknown>): void {
  const marks: [string, number][] = [];
  for (const [id, raw] of map.entries()) {
    if (id === READ_ALL_KEY) continue;
    const mark = v.safeParse(ReadMarkSchema, raw);
    marks.push([id, mark.success ? mark.output.at : 0]);
  }
  if (marks.length <= MAX_NOTIFICATION_READS) return;
  // Oldest first; the id breaks ties so every device drops the same ones.
  marks.sort(([a, x], [b, y]) => x - y || (a < b ? -1 : a > b ? 1 : 0));
  for (const [id] of marks.slice(0, marks.length - MAX_NOTIFICATION_READS)) map.delete(id);
}

/** The marks; null if one is malformed (the doc is then invalid as a whole). */
export function readNotificationReads(doc: Y.Doc): NotificationReads | null {
  const marks = readPlainMap(userNotificationReads(doc), ReadMarkSchema);
  if (!marks) return null;
  const all = marks.get(READ_ALL_KEY);
  const ids = new Map<string, number>();
  for (const [id, mark] of marks) if (id !== READ_ALL_KEY) ids.set(id, mark.at);
  return { ids, readAllBefore: all?.at ?? 0 };
}

export function isNotificationRead(reads: NotificationReads, id: string, at: number): boolean {
  return at <= reads.readAllBefore || reads.ids.has(id);
}
