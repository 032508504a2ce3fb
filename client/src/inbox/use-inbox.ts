import { useLiveQuery } from 'dexie-react-hooks';
import { usePlatform } from '../shell/platform-context.ts';
import { today as todayOf } from '../tasks/deadline.ts';
import { type Inbox, readInbox, where } from './read-inbox.ts';
import { meOf } from './work-items.ts';

export { type Inbox, readInbox } from './read-inbox.ts';

/** Who "me" is for the inbox: the person, and the unit they act for. */
export function useRecipientIds(): string[] {
  const { user } = usePlatform();
  return [user.id, user.unitId];
}

export function useInbox(limit: number): Inbox | undefined {
  const { db, user } = usePlatform();
  return useLiveQuery(() => readInbox(db, meOf(user.id, user.unitId), todayOf(), limit), [user.id, user.unitId, limit]);
}

/** New assignments for me or my unit, for the badge on the inbox tab (counted in the index). */
export function useUnreadCount(): number {
  const { db, user } = usePlatform();
  return (
    useLiveQuery(async () => {
      let n = 0;
      for (const who of [user.id, user.unitId]) n += await where(db, { reason: 'new', who, kind: 'new' }).count();
      return n;
    }, [user.id, user.unitId]) ?? 0
  );
}
