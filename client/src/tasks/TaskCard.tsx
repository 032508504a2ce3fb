import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatDate, formatNumber } from '../i18n/i18n.ts';
import { usePlatform } from '../shell/platform-context.ts';
import type { TaskRow } from '../store/local-db.ts';
import { isOverdue } from './deadline.ts';
import { SyncStateBadge } from './ItemSyncBadge.tsx';
import { registeredFromAbove } from './issuer-line.ts';
import './tasks.css';

const STAGES = ['sent', 'received', 'read', 'in_progress', 'reported', 'completed'] as const;
const SHOWN_NAMES = 3;

/** One task in a list, from its projection row; a directive to 168 wards stays one short card. */
export function TaskCard({
  task,
  unitNames,
  personNames,
  waiting,
  unread = false,
  reasons = [],
}: {
  task: TaskRow;
  unitNames: ReadonlyMap<string, string>;
  /** Names of the people on the card (its sender, recipients that are people); ids never show. */
  personNames: ReadonlyMap<string, string>;
  /** Whether the outbox held a change to it when last read (undefined: not read yet). */
  waiting: boolean | undefined;
  unread?: boolean;
  /** Why it is in my inbox (inbox/work-items.ts). */
  reasons?: readonly string[];
}) {
  const { t } = useTranslation();
  const { user } = usePlatform();
  const overdue = isOverdue(task.deadline);
  // A recipient sees where its own part stands; the issuer, the tally over every recipient.
  const own = task.recipientIds.flatMap((id, i) => (id === user.id || id === user.unitId ? [i] : []));
  const statuses =
    own.length > 0 && task.issuerId !== user.id ? own.map((i) => task.statuses[i] ?? 'received') : task.statuses;
  const nameOf = (id: string): string => unitNames.get(id) ?? personNames.get(id) ?? t('tasks.someone');
  const names = task.recipientIds.slice(0, SHOWN_NAMES).map(nameOf);
  const mine = task.issuerId === user.id;
  const sender = personNames.get(task.issuerId) ?? t('tasks.someone');
  const fromAbove = registeredFromAbove({ ...task, hasParent: task.parentId !== undefined });
  const others = task.recipientIds.length - names.length;
  const byStatus = STAGES.map((s) => [s, statuses.filter((x) => x === s).length] as const).filter(([, n]) => n > 0);
  const single = statuses.length === 1;
  return (
    <li className={`task-card${unread ? ' unread' : ''}`} data-testid="task-card">
      <Link href={`/tasks/${task.docId.slice('task/'.length)}`} className="task-link">
        <span className="task-title">
          {unread && <span className="unread-dot">{t('inbox.unread')}</span>}
          {task.priority && task.priority !== 'normal' && (
            <span className={`priority priority-${task.priority}`}>{t(`priority.${task.priority}`)}</span>
          )}
          {task.title}
        </span>
        {!mine && (
          <span className="task-meta task-sender" data-testid="task-sender">
            {t('tasks.from')}:{' '}
            {fromAbove
              ? `${t(`source.${fromAbove}`)} (${t('tasks.registeredShort', { name: sender })})`
              : `${sender} · ${nameOf(task.issuerUnitId)}`}
          </span>
        )}
        <span className="task-meta">
          {t('tasks.recipients')}: {names.join(', ')}
          {others > 0 && ` ${t('work.andOthers', { count: others, formatted: formatNumber(others) })}`}
        </span>
        <span className={`task-deadline${overdue ? ' overdue' : ''}`}>
          {t('tasks.deadline')}: {formatDate(task.deadline)}
          {overdue && ` · ${t('tasks.overdue')}`}
        </span>
      </Link>
      <div className="task-states">
        {reasons
          .filter((r) => r !== 'todo' && !(r === 'new' && unread))
          .map((r) => (
            <span key={r} className={`reason reason-${r}`}>
              {t(`work.reasons.${r}`)}
            </span>
          ))}
        {byStatus.map(([s, n]) => (
          <span key={s} className={`status status-${s}`}>
            {t(`status.${s}`)}
            {!single && ` ${formatNumber(n)}`}
          </span>
        ))}
        {/* Where it informs: on what this person sent, and on anything of theirs still on the device only. */}
        {(mine || waiting || (task.waiting ?? 0) > 0) && <SyncStateBadge waiting={waiting} row={task} />}
      </div>
    </li>
  );
}
