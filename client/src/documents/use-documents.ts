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
 * Outgoing documents other units issued to this one that its clerks have not registered yet
 * (an incoming row of the unit whose origin is the document): "Văn bản gửi đến chờ vào sổ".
 */
export function useToRegister(unitId: string): DossierRow[] | undefined {
  const { db } = usePlatform();
  return useLiveQuery(async () => {
    const sent = await db.dossiers.where('awaiting').equals(`deliver:${unitId}`).toArray();
    if (sent.length === 0) return [];
    const origins = sent.map((r) => r.docId.slice('dossier/'.length));
    const registered = new Set(
      (await db.dossiers.where('origin').anyOf(origins).toArray())
        .filter((r) => r.unitId === unitId)
        .map((r) => r.origin),
    );
    return sent
      .filter((r) => !registered.has(r.docId.slice('dossier/'.length)))
      .sort((a, b) => b.createdAt - a.createdAt);
  }, [unitId]);
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
