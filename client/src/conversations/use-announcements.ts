import { useLiveQuery } from 'dexie-react-hooks';
import { usePlatform } from '../shell/platform-context.ts';
import type { AnnouncementRow } from '../store/local-db.ts';
import { today } from '../tasks/deadline.ts';
import { feedFor, type Reader, readerOf, SEEN_KEY, unseen } from './announcements.ts';

export interface AnnouncementFeed {
  readonly reader: Reader;
  readonly feed: AnnouncementRow[];
  readonly unseen: AnnouncementRow[];
  readonly seenAt: number;
}

/** The signed-in person's announcements, from the projected rows (never the bulletin docs). */
export function useAnnouncementFeed(): AnnouncementFeed | undefined {
  const { db, user } = usePlatform();
  return useLiveQuery(async () => {
    const [rows, reader, seenAt] = await Promise.all([
      db.announcements.orderBy('at').reverse().limit(500).toArray(),
      readerOf(db, user),
      db.getMeta<number>(SEEN_KEY),
    ]);
    const feed = feedFor(rows, reader, today());
    return { reader, feed, unseen: unseen(feed, reader, seenAt ?? 0), seenAt: seenAt ?? 0 };
  }, [user.id, user.unitId]);
}
