import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatNumber } from '../i18n/i18n.ts';
import { FirstSyncNotice, useEverSynced } from '../shell/FirstSyncNotice.tsx';
import { firstScreenShown } from '../shell/first-screen.ts';
import { today } from '../tasks/deadline.ts';
import { TaskCards } from '../tasks/TaskCards.tsx';
import { isUnread } from '../tasks/task-queries.ts';
import { type Filters, matches, NO_FILTERS, VIEWS, type View } from './filters.ts';
import { InboxFilters } from './InboxFilters.tsx';
import { useInbox, useInboxCounts, useRecipientIds } from './use-inbox.ts';
import { type PendingDocuments, usePendingDocuments } from './use-pending-documents.ts';
import { useTaskView } from './use-task-view.ts';
import { REASONS, type Reason } from './work-items.ts';

const PAGE = 100;

/** "Văn bản chờ duyệt / chờ ký / chờ phát hành / đến chờ xử lý": each a link to the documents page. */
function DocumentsWaiting({ pending }: { pending: PendingDocuments }) {
  const { t } = useTranslation();
  const lines = [
    ['sign', 'documentsToSign', '/documents/outgoing'],
    ['approve', 'documentsToApprove', '/documents/outgoing'],
    ['issue', 'documentsToIssue', '/documents/outgoing'],
    ['redraft', 'documentsReturned', '/documents/outgoing'],
    ['incoming', 'documentsWaiting', '/documents'],
    ['deliver', 'documentsToRegister', '/documents'],
  ] as const;
  const shown = lines.filter(([key]) => pending[key] > 0);
  if (shown.length === 0) return null;
  return (
    <nav className="documents-waiting-list" aria-label={t('nav.documents')}>
      {shown.map(([key, label, href]) => (
        <Link key={key} href={href} className="notice documents-waiting" data-testid={`documents-waiting-${key}`}>
          {t(`inbox.${label}`, { count: pending[key] })}
        </Link>
      ))}
    </nav>
  );
}

/**
 * What an empty list says. "No work" only once this device has completed a sync (the cursor is
 * saved only then): before that, it is still loading — with how far along — or, offline, it has
 * never synced (item 10).
 */
function EmptyOrLoading({ view }: { view: View }) {
  const { t } = useTranslation();
  const synced = useEverSynced();
  if (synced === undefined) return null;
  if (!synced) return <FirstSyncNotice />;
  return <p className="empty">{view === 'inbox' ? t('inbox.empty') : t('work.emptyView')}</p>;
}

/**
 * The first screen: everything awaiting me, most urgent first, with counts (item 4); and the
 * views "assigned by me", "assigned to me / my unit", "from higher levels". All from the local
 * index: it opens offline as fast as online.
 */
export function InboxPage() {
  const { t } = useTranslation();
  const [view, setView] = useState<View>('inbox');
  const pendingDocuments = usePendingDocuments();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [reason, setReason] = useState<Reason | null>(null);
  const [limit, setLimit] = useState(PAGE);
  const inbox = useInbox(limit);
  const counts = useInboxCounts();
  const viewRows = useTaskView(view);
  const mine = useRecipientIds();
  const now = today();

  const items = inbox?.items;
  const reasonsOf = useMemo(() => new Map((items ?? []).map((i) => [i.row.docId, i.reasons])), [items]);
  const rows = useMemo(() => {
    const source =
      view === 'inbox'
        ? (items ?? []).filter((i) => reason === null || i.reasons.includes(reason)).map((i) => i.row)
        : (viewRows ?? []);
    return source.filter((row) => matches(row, filters, now, mine));
  }, [view, items, viewRows, reason, filters, now, mine]);
  const ready = view === 'inbox' ? inbox !== undefined : viewRows !== undefined;

  useEffect(() => {
    // The benchmarks' finish line: the inbox has rendered its rows from the local store.
    if (view === 'inbox' && inbox !== undefined) {
      performance.mark('inbox-rendered', { detail: { rows: rows.length } });
      firstScreenShown();
    }
  }, [view, inbox, rows.length]);

  return (
    <section aria-labelledby="inbox-heading">
      <div className="page-header">
        <h1 id="inbox-heading">{t('inbox.title')}</h1>
        <span className="row-actions">
          <Link href="/reminders" className="button">
            {t('reminders.title')}
          </Link>
          <Link href="/tasks" className="button">
            {t('inbox.allTasks')}
          </Link>
        </span>
      </div>
      <DocumentsWaiting pending={pendingDocuments} />
      <div className="tabs" role="tablist" aria-label={t('work.views')}>
        {VIEWS.map((v) => (
          <button
            key={v}
            type="button"
            role="tab"
            aria-selected={view === v}
            className={`tab${view === v ? ' tab-on' : ''}`}
            onClick={() => setView(v)}
          >
            {t(`work.view.${v}`)}
          </button>
        ))}
      </div>
      {view === 'inbox' && counts && (
        <div className="chips counts" data-testid="inbox-counts">
          {REASONS.filter((r) => counts[r] > 0).map((r) => (
            <button
              key={r}
              type="button"
              className={`chip reason-${r}${reason === r ? ' chip-on' : ''}`}
              aria-pressed={reason === r}
              onClick={() => setReason(reason === r ? null : r)}
            >
              {t(`work.reasons.${r}`)} <strong>{formatNumber(counts[r])}</strong>
            </button>
          ))}
        </div>
      )}
      <InboxFilters value={filters} onChange={setFilters} />
      {!ready ? null : rows.length === 0 ? (
        <EmptyOrLoading view={view} />
      ) : (
        <TaskCards
          tasks={rows}
          testId={view === 'inbox' ? 'inbox-list' : 'view-list'}
          isUnread={(task) => isUnread(task, mine)}
          reasons={(task) => reasonsOf.get(task.docId) ?? []}
          {...(view === 'inbox' && inbox?.more ? { more: () => setLimit(limit + PAGE) } : {})}
        />
      )}
    </section>
  );
}
