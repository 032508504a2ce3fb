import { useLiveQuery } from 'dexie-react-hooks';
import { usePlatform } from '../shell/platform-context.ts';
import { countPendingDocuments, type PendingDocuments } from './pending-documents.ts';

export type { PendingDocuments };

const NONE: PendingDocuments = { incoming: 0, approve: 0, sign: 0, redraft: 0, issue: 0, deliver: 0 };

/**
 * Whether the person is one of their unit's clerks, from the unit's directory row on the device
 * (projected from its page's roles): the inbox reads no doc for it.
 */
function useClerk(): boolean {
  const { db, user } = usePlatform();
  return (
    useLiveQuery(
      async () => (await db.units.get(user.unitId))?.clerks?.includes(user.id) ?? false,
      [user.id, user.unitId],
    ) ?? false
  );
}

export function usePendingDocuments(): PendingDocuments {
  const { db, user } = usePlatform();
  const clerk = useClerk();
  return useLiveQuery(() => countPendingDocuments(db, user, clerk), [user.id, user.unitId, clerk]) ?? NONE;
}
