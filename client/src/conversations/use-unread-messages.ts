import { useLiveQuery } from 'dexie-react-hooks';
import { usePlatform } from '../shell/platform-context.ts';

/** Messages the signed-in person has not read, over all their conversations (from the list rows). */
export function useUnreadMessages(): number {
  const { db, user } = usePlatform();
  return (
    useLiveQuery(async () => {
      let total = 0;
      await db.conversations
        .where('memberIds')
        .equals(user.id)
        .each((row) => {
          total += row.unread[user.id] ?? 0;
        });
      return total;
    }, [user.id]) ?? 0
  );
}
