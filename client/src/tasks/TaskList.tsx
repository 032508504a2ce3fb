import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useUnitNames } from '../directory/use-units.ts';
import { formatDate } from '../i18n/i18n.ts';
import { usePlatform } from '../shell/platform-context.ts';
import { isOverdue } from './deadline.ts';
import { ItemSyncBadge } from './ItemSyncBadge.tsx';

/** The tasks on this device, nearest deadline first, from the local index (works offline). */
export function TaskList() {
  const { t } = useTranslation();
  const { db } = usePlatform();
  const tasks = useLiveQuery(() => db.tasks.orderBy('deadline').toArray(), []);
  const unitNames = useUnitNames();
  if (tasks === undefined) return null;
  return (
    <section aria-labelledby="tasks-heading">
      <div className="page-header">
        <h1 id="tasks-heading">{t('tasks.title')}</h1>
        <Link href="/tasks/new" className="button button-primary">
          + {t('nav.newTask')}
        </Link>
      </div>
      {tasks.length === 0 ? (
        <p className="empty">{t('tasks.empty')}</p>
      ) : (
        <ul className="task-list" data-testid="task-list">
          {tasks.map((task) => {
            const overdue = isOverdue(task.deadline);
            return (
              <li key={task.docId} className="task-card" data-testid="task-card">
                <Link href={`/tasks/${task.docId.slice('task/'.length)}`} className="task-link">
                  <span className="task-title">{task.title}</span>
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
                  <ItemSyncBadge docId={task.docId} />
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
