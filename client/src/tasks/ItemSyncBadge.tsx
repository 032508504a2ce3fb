import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { usePlatform } from '../shell/platform-context.ts';

/**
 * Per-item state: "on this device only" while any change to the doc waits in the outbox,
 * "saved on the server" once the server has acknowledged all of them as stored.
 */
export function ItemSyncBadge({ docId }: { docId: string }) {
  const { t } = useTranslation();
  const { db } = usePlatform();
  const waiting = useLiveQuery(() => db.outbox.where('docId').equals(docId).count(), [docId]);
  if (waiting === undefined) return null;
  const local = waiting > 0;
  return (
    <span className={`badge ${local ? 'badge-local' : 'badge-saved'}`} data-testid="item-sync">
      {local ? t('item.local') : t('item.saved')}
    </span>
  );
}
