import { useTranslation } from 'react-i18next';
import { usePlatform, useSyncStatus } from './platform-context.ts';

/** Says plainly when the server refused a change, and why. */
export function RefusalNotice() {
  const { t } = useTranslation();
  const { sync } = usePlatform();
  const { refusal } = useSyncStatus();
  if (!refusal) return null;
  return (
    <div className="notice notice-error" role="alert">
      <span>
        {refusal.docId.startsWith('unit/') ? t('directory.refused') : t('sync.refused', { message: refusal.message })}
      </span>
      <button type="button" className="link-button" onClick={() => sync.clearRefusal()}>
        {t('sync.dismiss')}
      </button>
    </div>
  );
}
