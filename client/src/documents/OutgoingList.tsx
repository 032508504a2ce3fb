import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatDate } from '../i18n/i18n.ts';
import { FirstSyncNotice, useEverSynced } from '../shell/FirstSyncNotice.tsx';
import { usePlatform } from '../shell/platform-context.ts';
import { usePerson } from '../tasks/person.ts';
import { DocumentTabs } from './DocumentTabs.tsx';
import type { DossierRow } from './dossier-row.ts';
import { OutgoingRegisterExport } from './OutgoingRegisterExport.tsx';
import { useIsClerk } from './use-documents.ts';

/** What in the row waits for this person: the keys of `awaiting` that are theirs. */
export function myAwaitingKeys(personId: string, unitId: string, clerk: boolean): string[] {
  const keys = [`approve:${personId}`, `sign:${personId}`, `redraft:${personId}`, `draft:${personId}`];
  return clerk ? [...keys, `issue:${unitId}`] : keys;
}

/** The unit's outgoing documents on this device: what waits for me first, then all, newest first. */
export function OutgoingList() {
  const { t } = useTranslation();
  const { db } = usePlatform();
  const person = usePerson();
  const clerk = useIsClerk(person) === true;
  const [view, setView] = useState<'mine' | 'all'>('mine');
  const synced = useEverSynced();
  const rows = useLiveQuery(
    async () =>
      (await db.dossiers.where('unitId').equals(person.unitId).toArray())
        .filter((r) => r.kind === 'outgoing')
        .sort((a, b) => b.createdAt - a.createdAt),
    [person.unitId],
  );
  const mineKeys = new Set(myAwaitingKeys(person.id, person.unitId, clerk));
  const mine = rows?.filter((r) => (r.awaiting ?? []).some((k) => mineKeys.has(k))) ?? [];
  const shown = view === 'mine' ? mine : (rows ?? []);
  return (
    <section aria-labelledby="outgoing-heading" className="documents">
      <header className="page-head">
        <h1 id="outgoing-heading">{t('outgoing.outgoing')}</h1>
        <Link href="/draft" className="button button-primary" data-testid="draft-outgoing">
          + {t('outgoing.draft')}
        </Link>
      </header>
      <DocumentTabs current="outgoing" />
      <div className="tabs" role="tablist">
        {(['mine', 'all'] as const).map((v) => (
          <button
            key={v}
            type="button"
            role="tab"
            aria-selected={view === v}
            className={`tab${view === v ? ' tab-on' : ''}`}
            onClick={() => setView(v)}
          >
            {t(`outgoing.${v}`)} ({v === 'mine' ? mine.length : (rows?.length ?? 0)})
          </button>
        ))}
      </div>
      {clerk && rows !== undefined && rows.length > 0 && <OutgoingRegisterExport rows={rows} />}
      {rows === undefined ? (
        <p className="muted">{t('app.loading')}</p>
      ) : shown.length === 0 && !synced ? (
        synced === false && <FirstSyncNotice />
      ) : shown.length === 0 ? (
        <p className="empty">{view === 'mine' ? t('outgoing.emptyMine') : t('outgoing.empty')}</p>
      ) : (
        <ul className="document-list" data-testid="outgoing-list">
          {shown.map((row) => (
            <OutgoingItem key={row.docId} row={row} />
          ))}
        </ul>
      )}
    </section>
  );
}

export function OutgoingNumber({ row }: { row: Pick<DossierRow, 'number' | 'numberSymbol'> }) {
  const { t } = useTranslation();
  return (
    <span className={`register-number${row.number === null ? ' awaiting' : ''}`} data-testid="outgoing-number">
      {row.number === null
        ? t('outgoing.notNumbered', { symbol: row.numberSymbol })
        : t('outgoing.number', { number: row.number, symbol: row.numberSymbol })}
    </span>
  );
}

function OutgoingItem({ row }: { row: DossierRow }) {
  const { t } = useTranslation();
  return (
    <li>
      <Link href={`/${row.docId.slice('dossier/'.length)}`} className="document-item" data-testid="outgoing">
        <span className="document-line">
          <span className={`flow-status flow-${row.status}`} data-testid="flow-status">
            {t(`outgoing.status.${row.status ?? 'draft'}`)}
          </span>
          {row.urgency !== 'thuong' && (
            <span className={`priority priority-${row.urgency}`}>{t(`documents.urgencies.${row.urgency}`)}</span>
          )}
          {row.dueDate && (
            <span className="task-meta">
              {t('outgoing.stepDeadline')} {formatDate(row.dueDate)}
            </span>
          )}
        </span>
        <strong className="document-summary">{row.summary}</strong>
        <span className="task-meta">
          <OutgoingNumber row={row} /> · {t(`documents.docTypes.${row.docType}`)}
        </span>
      </Link>
    </li>
  );
}
