import { useLiveQuery } from 'dexie-react-hooks';
import { usePlatform } from '../shell/platform-context.ts';

/**
 * How many of the unit's incoming documents on this device await the leader's decision ("Văn bản
 * đến chờ xử lý"): for the unit's leaders, who decide, and its clerks, who follow them up.
 */
export function usePendingDocuments(): number {
  const { db, user } = usePlatform();
  return (
    useLiveQuery(
      () =>
        db.dossiers
          .where('unitId')
          .equals(user.unitId)
          .filter((r) => r.kind === 'incoming' && r.handling === 'pending')
          .count(),
      [user.unitId],
    ) ?? 0
  );
}
