import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatNumber } from '../i18n/i18n.ts';
import { AccountForm } from './AccountForm.tsx';
import { type AdminAccount, listAccounts } from './admin-api.ts';
import { StatusBadge, useFailure } from './admin-ui.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { useAdminUnits } from './use-admin-units.ts';

const PAGE = 50;

/**
 * Accounts: search by name or username without diacritics (the relay folds both), filter by unit
 * and status, page through; add one account, or import HR's CSV.
 */
export function AccountsPanel() {
  const { t } = useTranslation();
  const failure = useFailure();
  const { units } = useAdminUnits();
  const [q, setQ] = useState('');
  const [unitId, setUnitId] = useState('');
  const [status, setStatus] = useState('');
  const [rows, setRows] = useState<AdminAccount[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<'add' | 'import' | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    void version;
    const timer = setTimeout(() => {
      listAccounts({ q, unitId, status, limit: PAGE }).then(
        (page) => {
          if (!live) return;
          setRows(page.accounts);
          setTotal(page.total);
          setError(null);
        },
        (e: unknown) => live && setError(failure(e)),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, unitId, status, version, failure]);

  async function more(): Promise<void> {
    try {
      const page = await listAccounts({ q, unitId, status, limit: PAGE, offset: rows?.length ?? 0 });
      setRows((prev) => [...(prev ?? []), ...page.accounts]);
    } catch (e) {
      setError(failure(e));
    }
  }

  const toggle = (which: 'add' | 'import') => setOpen((current) => (current === which ? null : which));
  return (
    <div className="admin-accounts">
      <div className="form-actions admin-actions">
        <button
          type="button"
          className="button button-primary"
          aria-expanded={open === 'add'}
          onClick={() => toggle('add')}
        >
          {t('admin.add')}
        </button>
        <button type="button" className="button" aria-expanded={open === 'import'} onClick={() => toggle('import')}>
          {t('admin.import')}
        </button>
      </div>
      {open === 'add' && <AccountForm units={units ?? []} onCreated={() => setVersion((v) => v + 1)} />}
      {open === 'import' && <ImportPanel onImported={() => setVersion((v) => v + 1)} />}

      <div className="admin-filter">
        <label>
          {t('admin.search')}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} aria-describedby="admin-search-hint" />
          <span id="admin-search-hint" className="muted admin-hint">
            {t('admin.searchHint')}
          </span>
        </label>
        <label>
          {t('admin.filterUnit')}
          <select value={unitId} onChange={(e) => setUnitId(e.target.value)}>
            <option value="">{t('admin.anyUnit')}</option>
            {(units ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('admin.filterStatus')}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('admin.anyStatus')}</option>
            <option value="active">{t('admin.active')}</option>
            <option value="disabled">{t('admin.locked')}</option>
          </select>
        </label>
      </div>

      {error && (
        <p className="notice notice-error admin-notice" role="alert">
          {error}
        </p>
      )}
      {rows === null && !error && <p className="muted">{t('admin.loading')}</p>}
      {rows !== null && (
        <>
          <p className="muted" role="status">
            {t('admin.found', { count: total, formatted: formatNumber(total) })}
          </p>
          {rows.length === 0 ? (
            <p className="empty">{t('admin.none')}</p>
          ) : (
            <table className="admin-table" data-testid="admin-accounts">
              <thead>
                <tr>
                  <th scope="col">{t('admin.col.name')}</th>
                  <th scope="col">{t('admin.col.username')}</th>
                  <th scope="col">{t('admin.col.unit')}</th>
                  <th scope="col">{t('admin.col.status')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((a) => (
                  <tr key={a.id} data-testid="admin-account-row">
                    <td data-label={t('admin.col.name')}>
                      <Link href={`/accounts/${a.id}`} className="admin-row-link">
                        {a.fullName}
                      </Link>
                      <span className="muted admin-sub">{a.position}</span>
                    </td>
                    <td data-label={t('admin.col.username')}>
                      <code>{a.username}</code>
                    </td>
                    <td data-label={t('admin.col.unit')}>{a.unitName ?? a.unitId}</td>
                    <td data-label={t('admin.col.status')}>
                      <StatusBadge disabled={a.disabled} />
                      {a.mustChangePassword && !a.disabled && (
                        <span className="badge admin-pending">{t('admin.mustChange')}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {rows.length < total && (
            <button type="button" className="button" onClick={() => void more()}>
              {t('admin.more')}
            </button>
          )}
        </>
      )}
    </div>
  );
}
