import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnitNames } from '../directory/use-units.ts';
import { formatNumber } from '../i18n/i18n.ts';
import type { TaskRow } from '../store/local-db.ts';
import { useWaitingDocIds } from './ItemSyncBadge.tsx';
import { TaskCard } from './TaskCard.tsx';

const PAGE = 50;

/**
 * A list of tasks, a page at a time: a leader may hold thousands, and nobody reads past the
 * first screens; the rest are one tap away.
 */
export function TaskCards({
  tasks,
  testId,
  isUnread,
  reasons,
  more,
}: {
  tasks: readonly TaskRow[];
  testId: string;
  isUnread?: (task: TaskRow) => boolean;
  reasons?: (task: TaskRow) => readonly string[];
  /** Asks for more rows when the list was read a page at a time. */
  more?: () => void;
}) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(PAGE);
  const unitNames = useUnitNames();
  const waiting = useWaitingDocIds();
  return (
    <>
      <ul className="task-list" data-testid={testId}>
        {tasks.slice(0, shown).map((task) => (
          <TaskCard
            key={task.docId}
            task={task}
            unitNames={unitNames}
            waiting={waiting?.has(task.docId) ?? false}
            unread={isUnread?.(task) ?? false}
            reasons={reasons?.(task) ?? []}
          />
        ))}
      </ul>
      {tasks.length > shown && (
        <button type="button" className="button show-more" onClick={() => setShown(shown + PAGE)}>
          {t('tasks.showMore', { count: tasks.length - shown, formatted: formatNumber(tasks.length - shown) })}
        </button>
      )}
      {tasks.length <= shown && more && (
        <button type="button" className="button show-more" onClick={more}>
          {t('work.loadMore')}
        </button>
      )}
    </>
  );
}
