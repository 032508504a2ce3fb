import type { Person } from '@thongsuot/shared/access/principal';
import { mayManageTask } from '@thongsuot/shared/access/task-access';
import { setAssignmentStatus } from '@thongsuot/shared/model/assignment';
import { decidingTime, readReceipts, timesDisagree } from '@thongsuot/shared/model/receipts';
import type { Task } from '@thongsuot/shared/model/task';
import { foldVietnamese } from '@thongsuot/shared/text/fold';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type * as Y from 'yjs';
import { caseGroupPath } from '../conversations/urge-message.ts';
import { formatDate, formatNumber } from '../i18n/i18n.ts';
import { usePlatform } from '../shell/platform-context.ts';
import { perform } from '../store/intents.ts';
import { today } from './deadline.ts';
import { formatDateTime as formatTime } from './format.ts';
import { type TrackingRow as Row, trackingRows } from './tracking-rows.ts';
import { useOfficialNames } from './use-official-names.ts';

const FILTERS = ['all', 'unread', 'late', 'extension', 'reported'] as const;
type Filter = (typeof FILTERS)[number];
const PAGE = 60;

/** The rows each filter keeps; its chip counts them. */
const PASSES: Record<Filter, (r: Row) => boolean> = {
  all: () => true,
  unread: (r) => r.status === 'received',
  late: (r) => r.late,
  extension: (r) => r.asking,
  reported: (r) => r.status === 'reported',
};

/** What the panels of a task's page are given (this table, ExtensionDecisions). */
export interface TaskPanelProps {
  readonly doc: Y.Doc;
  readonly task: Task;
  readonly person: Person;
  readonly unitNames: ReadonlyMap<string, string>;
}

/**
 * The issuer's one table of every recipient (item 2): who has read it (by whom, when), how far
 * along, who is late, who asked for more time — with an "urge" per row for the issuer side.
 */
export function RecipientTable({ doc, task, person, unitNames }: TaskPanelProps) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('all');
  const [shown, setShown] = useState(PAGE);
  const [query, setQuery] = useState('');
  const manager = mayManageTask(person, task);
  const { db, repository } = usePlatform();
  // The urge is an event in the task and a message in its case group, written together (offline too).
  const urge = (recipientId: string) => {
    const name = nameOf(recipientId);
    void repository()
      .then((docs) =>
        perform(
          { db, repository: docs },
          {
            kind: 'urge',
            taskDocId: `task/${task.id}`,
            recipientId,
            by: person.id,
            at: Date.now(),
            text: t('notifications.urgeMessage', { name, title: task.title }),
          },
        ),
      )
      .catch((error: unknown) => console.error('urge not written', error));
  };
  const rows = useMemo(() => trackingRows(task, readReceipts(doc), today()), [task, doc]);
  // Readers, and recipients that are people (a hand-down): names, never ids.
  const readers = useOfficialNames(rows.flatMap((r) => (r.read ? [r.read.by, r.id] : [r.id])));
  const nameOf = (id: string): string => unitNames.get(id) ?? readers.get(id) ?? t('tasks.someone');
  const counts = Object.fromEntries(FILTERS.map((f) => [f, rows.filter(PASSES[f]).length])) as Record<Filter, number>;
  const q = foldVietnamese(query.trim());
  const visible = rows.filter((r) => (!q || foldVietnamese(nameOf(r.id)).includes(q)) && PASSES[filter](r));

  /** Who read it first and when: the relay's time, with the device's beside it when they differ. */
  const readLine = (read: Row['read']): string => {
    if (!read) return t('tracking.notRead');
    const name = readers.get(read.by) ?? read.by;
    const time = formatTime(decidingTime(read.at));
    return timesDisagree(read.at)
      ? t('tracking.readByDiffer', { name, time, device: formatTime(read.at.device) })
      : t('tracking.readBy', { name, time });
  };

  return (
    <section className="tracking" aria-labelledby="tracking-heading">
      <h2 id="tracking-heading">{t('tasks.recipients')}</h2>
      <p className="tracking-summary" data-testid="tracking-summary">
        {t('tracking.summary', {
          read: formatNumber(rows.length - counts.unread),
          total: formatNumber(rows.length),
          late: formatNumber(counts.late),
          extension: formatNumber(counts.extension),
        })}
      </p>
      {rows.length > 1 && (
        <div className="chips">
          {FILTERS.map((f) => (
            <button
              key={f}
              type="button"
              className={`chip${filter === f ? ' chip-on' : ''}`}
              aria-pressed={filter === f}
              onClick={() => setFilter(f)}
            >
              {t(`tracking.filters.${f}`)} ({formatNumber(counts[f])})
            </button>
          ))}
        </div>
      )}
      {rows.length > 6 && (
        <label className="tracking-search">
          {t('directive.findUnit')}
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
      )}
      <ul className="assignments" data-testid="recipient-table">
        {visible.slice(0, shown).map((r) => (
          <li key={r.id} className={`assignment${r.late ? ' is-late' : ''}`} data-testid="assignment">
            <div className="assignment-head">
              <strong>{nameOf(r.id)}</strong>
              <span className={`status status-${r.status}`} data-testid="assignment-status">
                {t(`status.${r.status}`)}
              </span>
            </div>
            <div className="assignment-facts">
              <span>{readLine(r.read)}</span>
              {r.reportedLate && <span className="flag flag-late">{t('tracking.reportedLate')}</span>}
              {r.percent !== null && <span className="percent">{r.percent}%</span>}
              <span className={r.late ? 'overdue' : ''}>
                {t('tasks.deadline')}: {formatDate(r.deadline)}
                {r.late && ` · ${t('tasks.overdue')}`}
              </span>
              {r.asking && <span className="flag flag-extension">{t('tracking.askedMoreTime')}</span>}
              {r.urgedAt !== null && (
                <Link className="flag" href={caseGroupPath(task.id)} data-testid="urge-link">
                  {t('tracking.urgedAt', { time: formatTime(r.urgedAt) })} · {t('notifications.inCaseGroup')}
                </Link>
              )}
            </div>
            {manager && r.status === 'reported' && (
              <span className="row-actions">
                <button
                  type="button"
                  className="button"
                  onClick={() => setAssignmentStatus(doc, r.id, 'completed', person.id, Date.now())}
                >
                  {t('tracking.confirm')}
                </button>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setAssignmentStatus(doc, r.id, 'in_progress', person.id, Date.now())}
                >
                  {t('tracking.sendBack')}
                </button>
              </span>
            )}
            {manager && r.status !== 'completed' && r.status !== 'reported' && (
              <button
                type="button"
                className="link-button"
                onClick={() => urge(r.id)}
                aria-label={t('tracking.urgeUnit', { name: nameOf(r.id) })}
              >
                {t('tracking.urge')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {visible.length > shown && (
        <button type="button" className="button show-more" onClick={() => setShown(shown + PAGE)}>
          {t('tracking.showMore', { formatted: formatNumber(visible.length - shown) })}
        </button>
      )}
    </section>
  );
}
