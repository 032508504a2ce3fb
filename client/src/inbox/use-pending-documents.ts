import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { usePlatform } from '../shell/platform-context.ts';
import { countPendingDocuments, type PendingDocuments } from './pending-documents.ts';

export type { PendingDocuments };

const NONE: PendingDocuments = { incoming: 0, approve: 0, sign: 0, redraft: 0, issue: 0, deliver: 0 };

/**
 * Whether the person is one of their unit's clerks, from the unit's directory row on the device
 * (projected from its page's roles): the inbox reads no doc for it. Undefined while unknown: a row
 * projected before rows carried clerks is filled in from the page once (directory/unit-clerks.ts).
 */
export function useUnitClerk(): boolean | undefined {
  const platform = usePlatform();
  const { db, user } = platform;
  const clerks = useLiveQuery(async () => (await db.units.get(user.unitId))?.clerks ?? null, [user.unitId]);
  useEffect(() => {
    if (clerks !== null) return;
    void import('../directory/unit-clerks.ts')
      .then((m) => m.backfillUnitClerks(platform, user.unitId))
      .catch(() => undefined);
  }, [clerks, platform, user.unitId]);
  return clerks ? clerks.includes(user.id) : undefined;
}

export function usePendingDocuments(): PendingDocuments {
  const { db, user } = usePlatform();
  const clerk = useUnitClerk() === true;
  return useLiveQuery(() => countPendingDocuments(db, user, clerk), [user.id, user.unitId, clerk]) ?? NONE;
}
