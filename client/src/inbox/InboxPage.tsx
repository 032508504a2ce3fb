import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { TaskCards } from '../tasks/TaskCards.tsx';
import { isUnread } from '../tasks/task-queries.ts';
import { useInbox, useRecipientIds } from './use-inbox.ts';

/** The first screen: work for me and my unit, most urgent first, straight from the local index. */
export function InboxPage() {
  const { t } = useTranslation();
  const tasks = useInbox();
  const ids = useRecipientIds();
  useEffect(() => {
    // The benchmark's finish line: the inbox has rendered its rows from the local store.
    if (tasks !== undefined) performance.mark('inbox-rendered', { detail: { rows: tasks.length } });
  }, [tasks]);
  if (tasks === undefined) return null;
  return (
    <section aria-labelledby="inbox-heading">
      <div className="page-header">
        <h1 id="inbox-heading">{t('inbox.title')}</h1>
        <Link href="/tasks" className="button">
          {t('inbox.allTasks')}
        </Link>
      </div>
      <p className="page-intro">{t('inbox.intro')}</p>
      {tasks.length === 0 ? (
        <p className="empty">{t('inbox.empty')}</p>
      ) : (
        <TaskCards tasks={tasks} testId="inbox-list" isUnread={(task) => isUnread(task, ids)} />
      )}
    </section>
  );
}
