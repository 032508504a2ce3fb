import { docId } from '@thongsuot/shared/ids';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { usePlatform } from '../shell/platform-context.ts';

/** For the unit's admins: whether their edits of the page are on the server yet. */
export function UnitSyncState({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const { db } = usePlatform();
  const pending = useLiveQuery(() => db.outbox.where('docId').equals(docId('unit', unitId)).count(), [unitId]);
  if (pending === undefined) return null;
  return (
    <p className={pending > 0 ? 'badge badge-local' : 'badge badge-saved'} data-testid="unit-sync-state">
      {pending > 0 ? t('directory.pending') : t('directory.saved')}
    </p>
  );
}
