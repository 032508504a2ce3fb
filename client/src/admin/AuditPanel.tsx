import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnits } from '../directory/use-units.ts';
import { downloadCsv } from '../export/csv.ts';
import { Field } from '../forms/Field.tsx';
import { compareVi } from '../i18n/collate.ts';
import { formatNumber, formatter } from '../i18n/i18n.ts';
import { useSyncStatus } from '../shell/platform-context.ts';
import { useMediaQuery, WIDE_SCREEN } from '../shell/use-media-query.ts';
import { addDays, today } from '../tasks/deadline.ts';
import { actionLabel, shortDetail } from './audit-actions.ts';
import { type AuditFilterInput, type AuditLine, fetchAllAudit, fetchAuditPage } from './audit-api.ts';
import { ACTION_FAMILIES, addAuditMessages } from './audit-messages.ts';
import './audit.css';

addAuditMessages();

const PAGE = 100;
/** The most lines one CSV export holds; beyond it the filter should be narrower. */
const EXPORT_CAP = 50_000;

function when(at: number): string {
  const make = (l: string) =>
    new Intl.DateTimeFormat(l, {
      timeZone: 'Asia/Ho_Chi_Minh',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  return formatter('audit-when', make).format(new Date(at));
}

type Loaded = { rows: AuditLine[]; more: boolean; retentionDays: number };

/**
 * The audit log for administrators and inspectors (docs/operations.md "Audit log"): filter by
 * person, unit, document, kind of action and days (Vietnam time), page through, export as CSV.
 * Read from the relay, never from the device: offline it says it needs the network.
 */
export function AuditPanel() {
  const { t } = useTranslation();
  const online = useSyncStatus().connectivity !== 'offline';
  // On a phone the filter folds away once applied, so the lines are on screen.
  const wide = useMediaQuery(WIDE_SCREEN);
  const [filtersOpen, setFiltersOpen] = useState(true);
  const units = useUnits();
  const sortedUnits = useMemo(() => [...(units ?? [])].sort((a, b) => compareVi(a.name, b.name)), [units]);
  const [draft, setDraft] = useState<AuditFilterInput>({ fromDate: addDays(today(), -7), toDate: today() });
  const [filter, setFilter] = useState<AuditFilterInput>(draft);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [exporting, setExporting] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(
    async (f: AuditFilterInput, before?: number) => {
      setBusy(true);
      setError(null);
      try {
        const page = await fetchAuditPage(f, PAGE, before);
        setLoaded((prev) => (before && prev ? { ...page, rows: [...prev.rows, ...page.rows] } : page));
      } catch (e) {
        setError(t('audit.failed', { reason: (e as Error).message }));
      } finally {
        setBusy(false);
      }
    },
    [t],
  );

  useEffect(() => {
    if (online) void load(filter);
  }, [filter, online, load]);

  const set = (key: keyof AuditFilterInput) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    setFilter({ ...draft });
    if (!wide) setFiltersOpen(false);
  };

  const exportCsv = async () => {
    setNotice(null);
    setExporting(0);
    try {
      const { rows, capped } = await fetchAllAudit(filter, EXPORT_CAP, setExporting);
      const c = (key: string) => t(`audit.columns.${key}`);
      downloadCsv(`nhat-ky-${filter.fromDate ?? ''}-${filter.toDate ?? ''}.csv`, [
        [c('at'), t('audit.person'), c('unit'), c('action'), c('doc'), c('detail')],
        ...rows.map((r) => [
          when(r.at),
          r.actorUsername ? `${r.actorName ?? ''} (${r.actorUsername})` : (r.actorId ?? t('audit.system')),
          r.unitName,
          r.action,
          r.docId,
          r.detail,
        ]),
      ]);
      if (capped) setNotice(t('audit.exportCapped', { count: formatNumber(rows.length) }));
    } catch (e) {
      setError(t('audit.failed', { reason: (e as Error).message }));
    } finally {
      setExporting(null);
    }
  };

  if (!online) {
    return (
      <section className="admin-panel" data-testid="audit-panel">
        <h2>{t('audit.title')}</h2>
        <p className="notice" role="status">
          {t('audit.offline')}
        </p>
      </section>
    );
  }

  return (
    <section className="admin-panel" data-testid="audit-panel">
      <h2>{t('audit.title')}</h2>
      {!wide && (
        <button
          type="button"
          className="button audit-filter-toggle"
          aria-expanded={filtersOpen}
          onClick={() => setFiltersOpen((open) => !open)}
        >
          {filtersOpen ? t('audit.hideFilter') : t('audit.showFilter')}
        </button>
      )}
      <form className="form audit-filter" onSubmit={submit} noValidate hidden={!wide && !filtersOpen}>
        <Field label={t('audit.person')}>
          <input name="person" value={draft.person ?? ''} onChange={(e) => set('person')(e.target.value)} />
        </Field>
        <Field label={t('audit.unit')}>
          <select name="unitId" value={draft.unitId ?? ''} onChange={(e) => set('unitId')(e.target.value)}>
            <option value="">{t('audit.anyUnit')}</option>
            {sortedUnits.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('audit.doc')}>
          <input name="docId" value={draft.docId ?? ''} onChange={(e) => set('docId')(e.target.value)} />
        </Field>
        <Field label={t('audit.action')}>
          <select name="action" value={draft.action ?? ''} onChange={(e) => set('action')(e.target.value)}>
            <option value="">{t('audit.families.all')}</option>
            {ACTION_FAMILIES.map((f) => (
              <option key={f} value={f}>
                {t(`audit.families.${f}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('audit.from')}>
          <input
            type="date"
            name="from"
            value={draft.fromDate ?? ''}
            onChange={(e) => set('fromDate')(e.target.value)}
          />
        </Field>
        <Field label={t('audit.to')}>
          <input type="date" name="to" value={draft.toDate ?? ''} onChange={(e) => set('toDate')(e.target.value)} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {t('audit.search')}
          </button>
        </div>
      </form>
      <button type="button" className="button" onClick={() => void exportCsv()} disabled={exporting !== null}>
        {exporting === null ? t('audit.exportCsv') : t('audit.exporting', { count: formatNumber(exporting) })}
      </button>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {loaded && <AuditLines rows={loaded.rows} />}
      {loaded && loaded.rows.length === 0 && <p className="muted">{t('audit.empty')}</p>}
      {loaded && (
        <p className="muted">
          {t('audit.shown', { count: loaded.rows.length })} · {t('audit.retention', { days: loaded.retentionDays })}
        </p>
      )}
      {busy && <p className="muted">{t('audit.loading')}</p>}
      {loaded?.more && !busy && (
        <button type="button" className="button" onClick={() => void load(filter, loaded.rows.at(-1)?.id)}>
          {t('audit.more')}
        </button>
      )}
    </section>
  );
}

/** The lines as a list of cards on a phone and a table on a desktop (admin.css). */
function AuditLines({ rows }: { rows: readonly AuditLine[] }) {
  const { t, i18n } = useTranslation();
  if (rows.length === 0) return null;
  const c = (key: string) => t(`audit.columns.${key}`);
  return (
    <table className="admin-table audit-table" data-testid="audit-lines">
      <thead>
        <tr>
          <th scope="col">{c('at')}</th>
          <th scope="col">{c('person')}</th>
          <th scope="col">{c('action')}</th>
          <th scope="col">{c('doc')}</th>
          <th scope="col">{c('detail')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} data-testid="audit-line">
            <td data-label={c('at')}>{when(r.at)}</td>
            <td data-label={r.action === 'session.refused' ? t('audit.triedAccount') : c('person')}>
              {r.action === 'session.refused' && <span className="muted audit-tried">{t('audit.triedAccount')}: </span>}
              {r.actorName ?? r.actorId ?? t('audit.system')}
              {r.unitName && <span className="muted"> · {r.unitName}</span>}
            </td>
            <td data-label={c('action')}>
              {actionLabel(r.action, i18n.language) ?? <code>{r.action}</code>}
              {actionLabel(r.action, i18n.language) && <code className="audit-code">{r.action}</code>}
            </td>
            <td data-label={c('doc')}>{r.docId && <code>{r.docId}</code>}</td>
            <td data-label={c('detail')} className="audit-detail" title={r.detail ?? undefined}>
              {r.detail && shortDetail(r.detail)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
