import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/i18n.ts';
import { CURSOR_KEY } from '../sync/sync-keys.ts';
import { usePlatform, useSyncStatus } from './platform-context.ts';

/**
 * Whether this device has completed a sync (the cursor is saved only then); undefined while read.
 * Until it has, an empty list does not know it is empty (issue 17, item 10).
 */
export function useEverSynced(): boolean | undefined {
  const { db } = usePlatform();
  return useLiveQuery(async () => (await db.getMeta<number>(CURSOR_KEY)) !== undefined, [db]);
}

/** What an empty list says before the first sync: still loading, with how far along — or, offline, never synced. */
export function FirstSyncNotice() {
  const { t } = useTranslation();
  const status = useSyncStatus();
  const progress = status.progress;
  return (
    <p className="notice" role="status" data-testid="first-sync">
      {status.connectivity === 'offline'
        ? t('inbox.neverSynced')
        : progress
          ? t('inbox.firstSyncProgress', {
              received: formatNumber(progress.received),
              total: formatNumber(progress.total),
            })
          : t('inbox.firstSync')}
    </p>
  );
}
