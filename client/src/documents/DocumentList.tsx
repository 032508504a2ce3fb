import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatDate } from '../i18n/i18n.ts';
import { FirstSyncNotice, useEverSynced } from '../shell/FirstSyncNotice.tsx';
import { usePerson } from '../tasks/person.ts';
import { DocumentTabs } from './DocumentTabs.tsx';
import type { DossierRow } from './dossier-row.ts';
import { RegisterExport } from './RegisterExport.tsx';
import { useIncoming, useIsClerk, useToRegister } from './use-documents.ts';

/** Documents other units issued to this one, for its clerk to register: each opens the form pre-filled. */
function ToRegister({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const rows = useToRegister(unitId);
  if (!rows || rows.length === 0) return null;
  return (
    <section aria-labelledby="to-register-heading" className="to-register" data-testid="to-register">
      <h2 id="to-register-heading">
        {t('outgoing.toRegister')} ({rows.length})
      </h2>
      <ul className="document-list">
        {rows.map((row) => (
          <li key={row.docId} className="document-item">
            <strong className="document-summary">{row.summary}</strong>
            <span className="task-meta">
              {row.number}/{row.numberSymbol} · {row.issuingBody}
            </span>
            <Link
              href={`/new?from=${row.docId.slice('dossier/'.length)}`}
              className="button button-primary"
              data-testid="register-delivered"
            >
              {t('outgoing.registerIt')}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The unit's register of incoming documents: what awaits a decision first. */
export function DocumentList() {
  const { t } = useTranslation();
  const person = usePerson();
  const rows = useIncoming(person.unitId);
  const clerk = useIsClerk(person);
  const [view, setView] = useState<'pending' | 'all'>('pending');
  const synced = useEverSynced();
  const pending = rows?.filter((r) => r.handling === 'pending') ?? [];
  const shown = view === 'pending' ? pending : (rows ?? []);
  return (
    <section aria-labelledby="documents-heading" className="documents">
      <header className="page-head">
        <h1 id="documents-heading">{t('documents.title')}</h1>
        {clerk && (
          <Link href="/new" className="button button-primary" data-testid="register-incoming">
            + {t('documents.register')}
          </Link>
        )}
      </header>
      <DocumentTabs current="incoming" />
      {clerk && <ToRegister unitId={person.unitId} />}
      <div className="tabs" role="tablist">
        {(['pending', 'all'] as const).map((v) => (
          <button
            key={v}
            type="button"
            role="tab"
            aria-selected={view === v}
            className={`tab${view === v ? ' tab-on' : ''}`}
            onClick={() => setView(v)}
          >
            {t(`documents.${v}`)} ({v === 'pending' ? pending.length : (rows?.length ?? 0)})
          </button>
        ))}
      </div>
      {rows !== undefined && rows.length > 0 && <RegisterExport rows={rows} />}
      {rows === undefined ? (
        <p className="muted">{t('app.loading')}</p>
      ) : shown.length === 0 && !synced ? (
        // Empty before the first sync is not "no documents": they may still be on their way.
        synced === false && <FirstSyncNotice />
      ) : shown.length === 0 ? (
        <p className="empty">{view === 'pending' ? t('documents.emptyPending') : t('documents.empty')}</p>
      ) : (
        <ul className="document-list" data-testid="document-list">
          {shown.map((row) => (
            <DocumentItem key={row.docId} row={row} />
          ))}
        </ul>
      )}
    </section>
  );
}

export function RegisterNumber({ row }: { row: Pick<DossierRow, 'number' | 'year'> }) {
  const { t } = useTranslation();
  return row.number === null ? (
    <span className="register-number awaiting" data-testid="register-number">
      {t('documents.awaitingNumber')}
    </span>
  ) : (
    <span className="register-number" data-testid="register-number">
      {t('documents.numberIn', { number: row.number, year: row.year })}
    </span>
  );
}

function DocumentItem({ row }: { row: DossierRow }) {
  const { t } = useTranslation();
  return (
    <li>
      <Link href={`/${row.docId.slice('dossier/'.length)}`} className="document-item" data-testid="document">
        <span className="document-line">
          <RegisterNumber row={row} />
          {row.urgency !== 'thuong' && (
            <span className={`priority priority-${row.urgency}`}>{t(`documents.urgencies.${row.urgency}`)}</span>
          )}
          {row.duplicateOf && <span className="flag flag-late">{t('documents.duplicate')}</span>}
        </span>
        <strong className="document-summary">{row.summary}</strong>
        <span className="task-meta">
          {row.numberSymbol} · {row.issuingBody} · {formatDate(row.date)}
        </span>
      </Link>
    </li>
  );
}
