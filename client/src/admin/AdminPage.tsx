import { useTranslation } from 'react-i18next';
import { Link, Route, Switch, useLocation } from 'wouter';
import { usePlatform, useSyncStatus } from '../shell/platform-context.ts';
import { AccountDetail } from './AccountDetail.tsx';
import { AccountsPanel } from './AccountsPanel.tsx';
import { ApiTokensPanel } from './ApiTokensPanel.tsx';
import { AuditPanel } from './AuditPanel.tsx';
import { addAdminMessages } from './admin-messages.ts';
import { UnitDetail } from './UnitDetail.tsx';
import { UnitsPanel } from './UnitsPanel.tsx';
import './admin.css';

addAdminMessages();

const TABS = [
  { key: 'accounts', href: '/', on: (p: string) => p === '/' || p.startsWith('/accounts'), admin: true },
  { key: 'units', href: '/units', on: (p: string) => p.startsWith('/units'), admin: true },
  { key: 'audit', href: '/audit', on: (p: string) => p.startsWith('/audit'), admin: false },
  { key: 'apiTokens', href: '/api-tokens', on: (p: string) => p.startsWith('/api-tokens'), admin: true },
] as const;

/**
 * The administrator's console (docs/operations.md "Administration"): accounts, units, the audit
 * log and API keys. It works on the relay's data only, so it needs the network: offline it says so
 * instead of showing what the device happens to hold.
 */
export function AdminPage() {
  const { t } = useTranslation();
  const { user } = usePlatform();
  const [path] = useLocation();
  const online = useSyncStatus().connectivity !== 'offline';
  const admin = user.roles?.includes('admin') === true;
  // An inspector reads the audit log, and nothing else of the console.
  const inspector = user.roles?.includes('inspector') === true;
  if (!admin && !inspector) {
    return <p className="notice">{t('admin.failed', { reason: t('admin.forbidden') })}</p>;
  }
  const tabs = TABS.filter((tab) => admin || !tab.admin);
  return (
    <section className="admin" aria-labelledby="admin-heading">
      <h1 id="admin-heading">{t('admin.title')}</h1>
      <nav className="tabs admin-tabs" aria-label={t('admin.title')}>
        {tabs.map((tab) => (
          <Link
            key={tab.key}
            href={tab.href}
            className={`tab${tab.on(path) ? ' tab-on' : ''}`}
            aria-current={tab.on(path) ? 'page' : undefined}
          >
            {t(`admin.tabs.${tab.key}`)}
          </Link>
        ))}
      </nav>
      {!online ? (
        <p className="notice admin-notice" role="status" data-testid="admin-offline">
          {t('admin.offline')}
        </p>
      ) : (
        <Switch>
          {admin && <Route path="/" component={AccountsPanel} />}
          {admin && (
            <Route path="/accounts/:id">
              {(params: { id: string }) => <AccountDetail key={params.id} id={params.id} />}
            </Route>
          )}
          {admin && <Route path="/units" component={UnitsPanel} />}
          {admin && (
            <Route path="/units/:id">{(params: { id: string }) => <UnitDetail key={params.id} id={params.id} />}</Route>
          )}
          {admin && <Route path="/api-tokens" component={ApiTokensPanel} />}
          <Route path="/audit" component={AuditPanel} />
          <Route>
            <AuditPanel />
          </Route>
        </Switch>
      )}
    </section>
  );
}
