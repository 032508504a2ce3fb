import { useLiveQuery } from 'dexie-react-hooks';
import { usePlatform } from '../shell/platform-context.ts';
import { today } from '../tasks/deadline.ts';
import { type AppNotification, collectNotifications } from './notifications.ts';

/** The signed-in person's notifications, live: any projected row that changes re-derives them. */
export function useNotifications(): AppNotification[] | undefined {
  const { db, user } = usePlatform();
  return useLiveQuery(
    () => collectNotifications(db, { id: user.id, unitId: user.unitId, fullName: user.fullName }, today()),
    [user.id, user.unitId, user.fullName],
  );
}
