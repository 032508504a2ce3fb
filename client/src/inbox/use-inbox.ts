import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { usePlatform } from '../shell/platform-context.ts';
import { today as todayOf } from '../tasks/deadline.ts';
import { countInbox, type InboxCounts, type InboxPage, readInboxPage, where } from './read-inbox.ts';
import { meOf } from './work-items.ts';

/** Who "me" is for the inbox: the person, and the unit they act for. */
export function useRecipientIds(): readonly string[] {
  const { user } = usePlatform();
  return useMemo(
    () => meOf(user.id, user.unitId, user.rank, user.mergedUnitIds).ids,
    [user.id, user.unitId, user.rank, user.mergedUnitIds],
  );
}

/** A page of what awaits me; the counts come on their own (`useInboxCounts`), so the rows do not wait for them. */
export function useInbox(limit: number): InboxPage | undefined {
  const { db, user } = usePlatform();
  return useLiveQuery(
    () => readInboxPage(db, meOf(user.id, user.unitId, user.rank, user.mergedUnitIds), todayOf(), limit),
    [user.id, user.unitId, user.rank, user.mergedUnitIds, limit],
  );
}

/** How much awaits me, per reason (counted in the index). */
export function useInboxCounts(): InboxCounts | undefined {
  const { db, user } = usePlatform();
  return useLiveQuery(
    () => countInbox(db, meOf(user.id, user.unitId, user.rank, user.mergedUnitIds), todayOf()),
    [user.id, user.unitId, user.rank, user.mergedUnitIds],
  );
}

/** New assignments for me or my unit, for the badge on the inbox tab (counted in the index). */
export function useUnreadCount(): number {
  const { db, user } = usePlatform();
  return (
    useLiveQuery(async () => {
      let n = 0;
      for (const who of meOf(user.id, user.unitId, user.rank, user.mergedUnitIds).ids) {
        n += await where(db, { reason: 'new', who, kind: 'new' }).count();
      }
      return n;
    }, [user.id, user.unitId, user.rank, user.mergedUnitIds]) ?? 0
  );
}
