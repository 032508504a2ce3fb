import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { setLanguage } from '../i18n/i18n.ts';
import { usePlatform } from './platform-context.ts';
import { RefusalNotice } from './RefusalNotice.tsx';
import { SyncIndicator } from './SyncIndicator.tsx';

export function Shell({ children, onSignOut }: { children: ReactNode; onSignOut: () => void }) {
  const { t, i18n } = useTranslation();
  const { user } = usePlatform();
  return (
    <div className="shell">
      <header className="app-header">
        <Link href="/" className="brand">
          {t('app.name')}
        </Link>
        <SyncIndicator />
      </header>
      <nav className="app-nav" aria-label="main">
        <Link href="/">{t('nav.tasks')}</Link>
        <Link href="/tasks/new">{t('nav.newTask')}</Link>
        <span className="nav-spacer" />
        <span className="user-name" title={user.position}>
          {user.fullName}
        </span>
        <button type="button" className="link-button" onClick={() => setLanguage(i18n.language === 'en' ? 'vi' : 'en')}>
          {t('nav.language')}
        </button>
        <button type="button" className="link-button" onClick={onSignOut}>
          {t('nav.signOut')}
        </button>
      </nav>
      <RefusalNotice />
      <main className="app-main">{children}</main>
    </div>
  );
}
