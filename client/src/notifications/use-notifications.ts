import type { NotificationReads } from '@thongsuot/shared/model/notification-reads';
import { useLiveQuery } from 'dexie-react-hooks';
import { usePlatform } from '../shell/platform-context.ts';
import { today } from '../tasks/deadline.ts';
import { type AppNotification, collectNotifications } from './notifications.ts';

/**
 * The signed-in person's notifications, live: any projected row that changes re-derives them, and
 * so does a read mark arriving in the person's doc (`reads`, from useReadMarks; undefined until it is open).
 */
export function useNotifications(reads: NotificationReads | null): AppNotification[] | undefined {
  const { db, user } = usePlatform();
  return useLiveQuery(
    () =>
      reads
        ? collectNotifications(db, { id: user.id, unitId: user.unitId, fullName: user.fullName }, today(), reads)
        : undefined,
    [user.id, user.unitId, user.fullName, reads],
  );
}
