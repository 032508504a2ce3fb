import { useLiveQuery } from 'dexie-react-hooks';
import { useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { PlatformContext } from '../shell/platform-context.ts';

/**
 * The relay said this account is locked (403 `account_locked`): said plainly, over the whole
 * screen, with how many changes wait on this device. Nothing is deleted: the outbox and the
 * person's data stay, and once an administrator unlocks the account, signing in again sends them.
 */
export function LockedAccount({ onSignInAgain }: { onSignInAgain: () => void }) {
  const { t } = useTranslation();
  const platform = useContext(PlatformContext);
  const waiting = useLiveQuery(() => platform?.db.outbox.count() ?? 0, [platform]);
  return (
    <main className="locked-account" data-testid="account-locked">
      <h1 className="brand">{t('app.name')}</h1>
      <h2 role="alert">{t('security.lockedTitle')}</h2>
      <p>{t('security.lockedBody')}</p>
      {waiting !== undefined && (
        <p className="locked-waiting">
          {waiting > 0 ? t('security.lockedWaiting', { count: waiting }) : t('security.lockedNothing')}
        </p>
      )}
      <p>{t('security.lockedKept')}</p>
      <button type="button" className="button" onClick={onSignInAgain}>
        {t('security.signInAgain')}
      </button>
    </main>
  );
}
