import { docId as makeDocId } from '@thongsuot/shared/ids';
import {
  markAllNotificationsRead,
  markNotificationsRead,
  NO_NOTIFICATION_READS,
  type NotificationReads,
  readNotificationReads,
} from '@thongsuot/shared/model/notification-reads';
import { useEffect } from 'react';
import type * as Y from 'yjs';
import { openUserDoc } from '../reminders/use-user-doc.ts';
import { usePlatform } from '../shell/platform-context.ts';
import type { LocalDb } from '../store/local-db.ts';
import { useLiveDoc } from '../store/use-live-doc.ts';

/**
 * Moves the read marks an older version kept per device (the `notificationReads` table) into
 * the person's doc, once: afterwards they follow the person to every device.
 */
export async function carryOverDeviceReads(db: LocalDb, doc: Y.Doc): Promise<void> {
  const rows = await db.notificationReads.toArray();
  if (rows.length === 0) return;
  doc.transact(() => {
    for (const row of rows) markNotificationsRead(doc, [row.id], row.at);
  });
  await db.notificationReads.clear();
}

export interface ReadMarks {
  /** Null until the person's doc is open (then notifications would all look unread). */
  readonly reads: NotificationReads | null;
  /** Marks notifications read in the person's doc; does nothing until the doc is open. */
  markRead(ids: readonly string[], at: number): void;
  markAllRead(at: number): void;
}

/** The person's read marks, live from their doc (`user/<id>`): a mark made on another device shows here. */
export function useReadMarks(): ReadMarks {
  const { db, user } = usePlatform();
  const { doc, value } = useLiveDoc(
    makeDocId('user', user.id),
    (docs) => openUserDoc(docs, user.id),
    (d) => readNotificationReads(d) ?? NO_NOTIFICATION_READS,
  );
  useEffect(() => {
    if (doc) void carryOverDeviceReads(db, doc).catch((error: unknown) => console.error('reads not moved', error));
  }, [db, doc]);
  return {
    reads: doc ? (value ?? NO_NOTIFICATION_READS) : null,
    markRead: (ids, at) => {
      if (doc && ids.length > 0) markNotificationsRead(doc, ids, at);
    },
    markAllRead: (at) => {
      if (doc) markAllNotificationsRead(doc, at);
    },
  };
}
