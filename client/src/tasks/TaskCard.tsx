import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatDate } from '../i18n/i18n.ts';
import type { TaskRow } from '../store/local-db.ts';
import { isOverdue } from './deadline.ts';
import { SyncStateBadge } from './ItemSyncBadge.tsx';

/** One task in a list, from its projection row. */
export function TaskCard({
  task,
  unitNames,
  waiting,
  unread = false,
}: {
  task: TaskRow;
  unitNames: ReadonlyMap<string, string>;
  /** Changes to it wait in the outbox. */
  waiting: boolean;
  unread?: boolean;
}) {
  const { t } = useTranslation();
  const overdue = isOverdue(task.deadline);
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
        <span className="task-meta">
          {t('tasks.recipients')}: {task.recipientIds.map((id) => unitNames.get(id) ?? id).join(', ')}
        </span>
        <span className={`task-deadline${overdue ? ' overdue' : ''}`}>
          {t('tasks.deadline')}: {formatDate(task.deadline)}
          {overdue && ` · ${t('tasks.overdue')}`}
        </span>
      </Link>
      <div className="task-states">
        {task.statuses.map((s, i) => (
          <span key={task.recipientIds[i]} className={`status status-${s}`}>
            {t(`status.${s}`)}
          </span>
        ))}
        <SyncStateBadge waiting={waiting} row={task} />
      </div>
    </li>
  );
}
