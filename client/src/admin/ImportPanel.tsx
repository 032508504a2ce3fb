import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadCsv } from '../export/csv.ts';
import { formatNumber } from '../i18n/i18n.ts';
import { today } from '../tasks/deadline.ts';
import {
  checkImport,
  type ImportCheck,
  type ImportedAccount,
  type ImportState,
  importState,
  passwordRows,
  startImport,
} from './admin-api.ts';
import { useFailure } from './admin-ui.tsx';

type Step =
  | { readonly kind: 'choose' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'checked'; readonly csv: string; readonly check: ImportCheck }
  | { readonly kind: 'running'; readonly done: number; readonly total: number }
  | {
      readonly kind: 'done';
      readonly accounts: ImportedAccount[];
      readonly failures: { unitId: string; message: string }[];
    };

/** How often the console asks the relay how far an import has got. */
const POLL_MS = 1000;

/**
 * Importing HR's CSV: the file goes to the relay for a dry run first; its problems come back by
 * line, or "ready to import N accounts"; once confirmed, the relay imports in the background and
 * the console follows its progress, then offers the temporary passwords, once, as a CSV download.
 */
export function ImportPanel({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const failure = useFailure();
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );

  async function choose(file: File | undefined): Promise<void> {
    if (!file) return;
    setError(null);
    setStep({ kind: 'checking' });
    try {
      const csv = await file.text();
      const check = await checkImport(csv);
      setStep({ kind: 'checked', csv, check });
    } catch (e) {
      setError(failure(e));
      setStep({ kind: 'choose' });
    }
  }

  async function run(csv: string): Promise<void> {
    setError(null);
    try {
      const { jobId, count } = await startImport(csv);
      setStep({ kind: 'running', done: 0, total: count });
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (!live.current) return;
        let state: ImportState;
        try {
          state = await importState(jobId);
        } catch (e) {
          // A dropped request while the relay works: ask again rather than lose the passwords.
          if ((e as { status?: number }).status === 0) continue;
          throw e;
        }
        if (state.status === 'running') setStep({ kind: 'running', done: state.done, total: state.total });
        else if (state.status === 'failed') {
          setError(t('admin.failed', { reason: state.message }));
          setStep({ kind: 'choose' });
          return;
        } else {
          setStep({ kind: 'done', accounts: state.accounts, failures: state.directoryFailures ?? [] });
          onImported();
          return;
        }
      }
    } catch (e) {
      setError(failure(e));
      setStep({ kind: 'choose' });
    }
  }

  function download(accounts: readonly ImportedAccount[]): void {
    const header = ['name', 'unit', 'username', 'password'].map((k) => t(`admin.csv.header.${k}`));
    downloadCsv(`${t('admin.csv.fileName')}-${today()}.csv`, passwordRows(accounts, header));
  }

  const reset = () => {
    setStep({ kind: 'choose' });
    setError(null);
    if (input.current) input.current.value = '';
  };

  return (
    <section className="card-block admin-import" aria-labelledby="admin-import-title" data-testid="admin-import">
      <h2 id="admin-import-title">{t('admin.csv.title')}</h2>
      <p className="muted">{t('admin.csv.help')}</p>
      {(step.kind === 'choose' || step.kind === 'checked') && (
        <label className="admin-file">
          {t('admin.csv.choose')}
          <input ref={input} type="file" accept=".csv,text/csv" onChange={(e) => void choose(e.target.files?.[0])} />
        </label>
      )}
      {error && (
        <p className="notice notice-error admin-notice" role="alert">
          {error}
        </p>
      )}
      {step.kind === 'checking' && (
        <p className="muted" role="status">
          {t('admin.csv.checking')}
        </p>
      )}
      {step.kind === 'checked' && !step.check.ok && <ImportErrors errors={step.check.errors} />}
      {step.kind === 'checked' && step.check.ok && (
        <div className="admin-ready">
          <p role="status">
            <strong>{t('admin.csv.ready', { count: step.check.count })}</strong>
          </p>
          {step.check.newDivisions.length > 0 && (
            <p className="muted">
              {t('admin.csv.newDivisions', {
                count: step.check.newDivisions.length,
                names: step.check.newDivisions.map((d) => d.division.name).join('; '),
              })}
            </p>
          )}
          <div className="form-actions">
            <button type="button" className="button button-primary" onClick={() => void run(step.csv)}>
              {t('admin.csv.start', { count: step.check.count })}
            </button>
            <button type="button" className="button" onClick={reset}>
              {t('admin.cancel')}
            </button>
          </div>
        </div>
      )}
      {step.kind === 'running' && (
        <div role="status">
          <p>{t('admin.csv.running', { done: formatNumber(step.done), total: formatNumber(step.total) })}</p>
          <progress max={step.total} value={step.done} />
          <p className="muted">{t('admin.csv.runningNote')}</p>
        </div>
      )}
      {step.kind === 'done' && (
        <div className="admin-import-done">
          <p className="notice admin-notice admin-done" role="status">
            {t('admin.csv.done', { count: step.accounts.length })}
          </p>
          {step.failures.length > 0 && (
            <p className="notice notice-error admin-notice">
              {t('admin.csv.directoryFailed', {
                units: step.failures.map((f) => f.unitId).join(', '),
                message: step.failures[0]?.message ?? '',
              })}
            </p>
          )}
          <p className="admin-once">{t('admin.csv.downloadNote')}</p>
          <div className="form-actions">
            <button type="button" className="button button-primary" onClick={() => download(step.accounts)}>
              {t('admin.csv.download')}
            </button>
            <button type="button" className="button" onClick={reset}>
              {t('admin.csv.another')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

/** The file's problems as a table: line, column, what is wrong. */
function ImportErrors({ errors }: { errors: readonly { line: number; field: string; message: string }[] }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="notice notice-error admin-notice" role="alert">
        {t('admin.csv.errors', { count: errors.length })}
      </p>
      <table className="admin-table admin-import-errors" data-testid="admin-import-errors">
        <thead>
          <tr>
            <th scope="col">{t('admin.csv.line')}</th>
            <th scope="col">{t('admin.csv.field')}</th>
            <th scope="col">{t('admin.csv.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e) => (
            <tr key={`${e.line}-${e.field}`}>
              <td data-label={t('admin.csv.line')}>{e.line}</td>
              <td data-label={t('admin.csv.field')}>{t(`admin.csv.fields.${e.field}`, { defaultValue: e.field })}</td>
              <td data-label={t('admin.csv.problem')}>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
