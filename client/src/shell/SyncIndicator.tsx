import { useLiveQuery } from 'dexie-react-hooks';
import type { TFunction } from 'i18next';
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
  const waiting = waitingPhrase(t, status.pending, files);
  return (
    <div className="sync-indicator" data-connectivity={status.connectivity} role="status" aria-live="polite">
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-label" data-testid="sync-state">
        {t(`sync.${status.connectivity}`)}
      </span>
      {waiting && (
        <span className="sync-pending" data-testid={status.pending > 0 ? 'sync-pending' : 'sync-files'}>
          · {waiting}
        </span>
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

/** What waits to go, in one phrase: both at once said together, so a 360-px header line holds it. */
function waitingPhrase(t: TFunction, changes: number, files: number): string | null {
  if (changes > 0 && files > 0) {
    return t('sync.pendingAndFiles', {
      changes: t('sync.changes', { count: changes }),
      files: t('sync.fileCount', { count: files }),
    });
  }
  if (changes > 0) return t('sync.pending', { count: changes });
  return files > 0 ? t('sync.files', { count: files }) : null;
}
