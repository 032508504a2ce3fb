import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useUnitNames } from '../directory/use-units.ts';
import { formatBytes, formatNumber, LANGUAGES, type Language, setLanguage } from '../i18n/i18n.ts';
import { usePlatform, useSyncStatus } from '../shell/platform-context.ts';
import { SyncIndicator } from '../shell/SyncIndicator.tsx';
import { AttachmentSettings } from './AttachmentSettings.tsx';
import { PushSettings } from './PushSettings.tsx';
import { addSettingsMessages } from './settings-messages.ts';
import { useLocalCounts, useStorageFacts } from './use-storage-facts.ts';

addSettingsMessages();

// Password, two-step sign-in and signed-in devices: talks to the relay only, loaded when shown.
const SecuritySettings = lazy(() => import('./SecuritySettings.tsx').then((m) => ({ default: m.SecuritySettings })));

const LANGUAGE_NAMES: Record<Language, string> = { vi: 'Tiếng Việt', en: 'English' };

/** Language, sync, what is stored on this device, and signing out (which deletes it). */
export function SettingsPage({ onSignOut }: { onSignOut: () => void }) {
  const { t, i18n } = useTranslation();
  const { user, sync } = usePlatform();
  const status = useSyncStatus();
  const storage = useStorageFacts();
  const counts = useLocalCounts();
  const unitNames = useUnitNames();

  function signOut(): void {
    const waiting = counts?.waiting ?? status.pending;
    if (waiting > 0 && !globalThis.confirm(t('settings.signOutWaiting', { count: waiting }))) return;
    onSignOut();
  }

  return (
    <section aria-labelledby="settings-heading" className="settings">
      <h1 id="settings-heading">{t('settings.title')}</h1>

      <h2>{t('settings.account')}</h2>
      <p className="card-block">
        <strong>{user.fullName}</strong>
        <br />
        {user.position} · {unitNames.get(user.unitId) ?? user.unitId}
      </p>
      {user.roles?.includes('admin') ? (
        <Link href="/admin" className="button" data-testid="admin-console-link">
          {t('settings.adminConsole')}
        </Link>
      ) : (
        user.roles?.includes('inspector') && (
          <Link href="/admin/audit" className="button" data-testid="audit-log-link">
            {t('settings.auditLog')}
          </Link>
        )
      )}

      <h2>
        <label htmlFor="language">{t('settings.language')}</label>
      </h2>
      <select id="language" value={i18n.language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </select>

      <h2>{t('settings.sync')}</h2>
      <div className="card-block settings-sync">
        <SyncIndicator />
        <button type="button" className="button" onClick={() => sync.syncNow()}>
          {t('settings.syncNow')}
        </button>
      </div>

      <h2>{t('settings.storage')}</h2>
      <div className="card-block" data-testid="storage">
        {/* Every line from the first paint, saying it is being read: the card never grows. */}
        <p>
          {counts
            ? t('settings.counts', {
                tasks: formatNumber(counts.tasks),
                people: formatNumber(counts.people),
                waiting: formatNumber(counts.waiting),
              })
            : t('settingsWait.counting')}
        </p>
        <p>
          {storage.used !== null && storage.quota !== null
            ? t('settings.storageUsed', { used: formatBytes(storage.used), quota: formatBytes(storage.quota) })
            : t('settingsWait.measuring')}
        </p>
        <p className="muted storage-persist">
          {storage.persisted === null
            ? t('settingsWait.askingPersist')
            : storage.persisted
              ? t('settings.persisted')
              : t('settings.notPersisted')}
        </p>
      </div>

      <AttachmentSettings />

      <PushSettings />

      <Suspense fallback={null}>
        <SecuritySettings />
      </Suspense>

      <h2>{t('nav.signOut')}</h2>
      <p className="muted">{t('settings.signOutHint')}</p>
      <button type="button" className="button button-danger" onClick={signOut}>
        {t('nav.signOut')}
      </button>
    </section>
  );
}
