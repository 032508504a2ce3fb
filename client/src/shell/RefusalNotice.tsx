import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { usePlatform, useSyncStatus } from './platform-context.ts';

/** Stands for the reason while the sentence is translated: never part of a translation. */
const REASON_MARK = '\u2063';

/** Says plainly when the server refused a change, and why. */
export function RefusalNotice() {
  const { t, i18n } = useTranslation();
  const { sync } = usePlatform();
  const { refusal } = useSyncStatus();
  if (!refusal) return null;
  let text: ReactNode;
  if (refusal.docId.startsWith('unit/')) text = t('directory.refused');
  else if (i18n.language?.startsWith('en')) {
    // The relay gives its reasons in Vietnamese, the product's first language: an English
    // reader gets the English sentence, with the reason as the relay wrote it, marked Vietnamese.
    const [before, after = ''] = t('sync.refused', { message: REASON_MARK }).split(REASON_MARK);
    text = (
      <>
        {before}
        <span lang="vi">{refusal.message}</span>
        {after}
      </>
    );
  } else text = t('sync.refused', { message: refusal.message });
  return (
    <div className="notice notice-error" role="alert">
      <span>{text}</span>
      <button type="button" className="link-button" onClick={() => sync.clearRefusal()}>
        {t('sync.dismiss')}
      </button>
    </div>
  );
}
