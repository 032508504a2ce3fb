import { useLiveQuery } from 'dexie-react-hooks';
import { usePlatform } from '../shell/platform-context.ts';
import type { TaskRow } from '../store/local-db.ts';
import { byUrgency, isUnread } from '../tasks/task-queries.ts';

/** Who "me" is for the inbox: the person, and the unit they act for. */
export function useRecipientIds(): string[] {
  const { user } = usePlatform();
  return [user.id, user.unitId];
}

/** Tasks assigned to me or my unit, most urgent first, from the `tasks` projection (no doc is opened). */
export function useInbox(): TaskRow[] | undefined {
  const { db, user } = usePlatform();
  return useLiveQuery(async () => {
    const ids = [user.id, user.unitId];
    const rows = await db.tasks.where('recipientIds').anyOf(ids).distinct().toArray();
    return rows.sort(byUrgency(ids));
  }, [user.id, user.unitId]);
}

export function useUnreadCount(): number {
  const { db, user } = usePlatform();
  return (
    useLiveQuery(async () => {
      const ids = [user.id, user.unitId];
      const rows = await db.tasks.where('recipientIds').anyOf(ids).distinct().toArray();
      return rows.filter((row) => isUnread(row, ids)).length;
    }, [user.id, user.unitId]) ?? 0
  );
}
