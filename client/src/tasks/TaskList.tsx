import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { usePlatform } from '../shell/platform-context.ts';
import { TaskCards } from './TaskCards.tsx';

/** Every task on this device — issued and received — nearest deadline first, from the local index. */
export function TaskList() {
  const { t } = useTranslation();
  const { db } = usePlatform();
  const tasks = useLiveQuery(() => db.tasks.orderBy('deadline').toArray(), []);
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
        <TaskCards tasks={tasks} testId="task-list" />
      )}
    </section>
  );
}
