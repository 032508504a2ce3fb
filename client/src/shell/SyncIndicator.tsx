import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../i18n/i18n.ts';
import { usePlatform, useSyncStatus } from './platform-context.ts';

/** The global sync state: connectivity, changes waiting, last sync, and any refused change. */
export function SyncIndicator() {
  const { t } = useTranslation();
  const { sync, db } = usePlatform();
  const status = useSyncStatus();
  // "Synced" is about docs; files still on their way are said beside it, never hidden by it.
  const files = useLiveQuery(() => db.uploads.count(), [db]) ?? 0;
  return (
    <div className="sync-indicator" data-connectivity={status.connectivity} role="status" aria-live="polite">
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-label" data-testid="sync-state">
        {t(`sync.${status.connectivity}`)}
      </span>
      {/* Both waiting: one phrase, so a 360-px header line holds it. */}
      {status.pending > 0 && files > 0 ? (
        <span className="sync-pending" data-testid="sync-pending">
          ·{' '}
          {t('sync.pendingAndFiles', {
            changes: t('sync.changes', { count: status.pending }),
            files: t('sync.fileCount', { count: files }),
          })}
        </span>
      ) : status.pending > 0 ? (
        <span className="sync-pending" data-testid="sync-pending">
          · {t('sync.pending', { count: status.pending })}
        </span>
      ) : (
        files > 0 && (
          <span className="sync-pending" data-testid="sync-files">
            · {t('sync.files', { count: files })}
          </span>
        )
      )}
      {status.delayed && status.pending > 0 && (
        <span className="sync-delayed" data-testid="sync-delayed" title={t(`sync.delayed.${status.delayed}`)}>
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
