import type { Person } from '@thongsuot/shared/access/principal';
import { readUnitPage } from '@thongsuot/shared/model/unit-page';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { usePlatform } from '../shell/platform-context.ts';
import type { DossierRow } from './dossier-row.ts';

/** The unit's incoming documents on this device, newest first. */
export function useIncoming(unitId: string): DossierRow[] | undefined {
  const { db } = usePlatform();
  return useLiveQuery(
    async () =>
      (await db.dossiers.where('unitId').equals(unitId).toArray())
        .filter((r) => r.kind === 'incoming')
        .sort((a, b) => b.createdAt - a.createdAt),
    [unitId],
  );
}

/**
 * Whether the person is a clerk of their unit, from the unit's directory page on this device
 * (roles: model/unit-page.ts). Undefined while it is being read.
 */
export function useIsClerk(person: Person): boolean | undefined {
  const { repository } = usePlatform();
  const [clerk, setClerk] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void repository()
      .then((docs) => docs.open(`unit/${person.unitId}`))
      .then((doc) => {
        const page = readUnitPage(doc);
        if (live) setClerk(page?.roles.some((r) => r.personId === person.id && r.role === 'clerk') ?? false);
      })
      .catch(() => live && setClerk(false));
    return () => {
      live = false;
    };
  }, [repository, person.id, person.unitId]);
  return clerk;
}
