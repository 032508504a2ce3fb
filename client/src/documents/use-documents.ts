import type { Person } from '@thongsuot/shared/access/principal';
import { useLiveQuery } from 'dexie-react-hooks';
import { useUnitClerk } from '../inbox/use-pending-documents.ts';
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
 * Whether the person is a clerk of their unit (roles: model/unit-page.ts), from the unit's
 * directory row on the device. Undefined while it is being read.
 */
export function useIsClerk(person: Person): boolean | undefined {
  const clerk = useUnitClerk();
  const { user } = usePlatform();
  return person.id === user.id ? clerk : false;
}
