import { useTranslation } from 'react-i18next';
import { formatTime } from '../i18n/i18n.ts';
import { usePlatform, useSyncStatus } from './platform-context.ts';

/** The global sync state: connectivity, changes waiting, last sync, and any refused change. */
export function SyncIndicator() {
  const { t } = useTranslation();
  const { sync } = usePlatform();
  const status = useSyncStatus();
  return (
    <div className="sync-indicator" data-connectivity={status.connectivity} role="status" aria-live="polite">
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-label" data-testid="sync-state">
        {t(`sync.${status.connectivity}`)}
      </span>
      {status.pending > 0 && (
        <span className="sync-pending" data-testid="sync-pending">
          · {t('sync.pending', { count: status.pending })}
        </span>
      )}
      {status.delayed && status.pending > 0 && (
        <span className="sync-delayed" data-testid="sync-delayed">
          · {t(`sync.delayed.${status.delayed}`)}
        </span>
      )}
      {status.connectivity === 'synced' && status.lastSyncedAt !== null && (
        <span className="sync-time">· {t('sync.lastSynced', { time: formatTime(status.lastSyncedAt) })}</span>
      )}
      {status.connectivity === 'connecting' && (
        <button type="button" className="link-button" onClick={() => sync.syncNow()}>
          {t('sync.retry')}
        </button>
      )}
    </div>
  );
}
