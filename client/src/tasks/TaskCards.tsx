import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnitNames } from '../directory/use-units.ts';
import { formatNumber } from '../i18n/i18n.ts';
import type { TaskRow } from '../store/local-db.ts';
import { useWaitingDocIds } from './ItemSyncBadge.tsx';
import { TaskCard } from './TaskCard.tsx';
import { useOfficialNames } from './use-official-names.ts';

const PAGE = 50;
/** More than a tall screen holds: rendered first, the rest of the page right after it is painted. */
const FIRST_SCREEN = 12;

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
  // A list opened in a fresh tab renders while the app is still starting: the first screen of
  // cards goes first, so it appears sooner; the rest of the page follows once it is painted.
  const [painted, setPainted] = useState(false);
  useEffect(() => setPainted(true), []);
  const unitNames = useUnitNames();
  const waiting = useWaitingDocIds();
  // People named on the cards shown: each sender, and recipients that are people (a hand-down).
  const shownTasks = tasks.slice(0, shown);
  const personNames = useOfficialNames(
    shownTasks.flatMap((task) => [task.issuerId, ...task.recipientIds.slice(0, 3).filter((id) => !unitNames.has(id))]),
  );
  return (
    <>
      <ul className="task-list" data-testid={testId}>
        {tasks.slice(0, painted ? shown : Math.min(shown, FIRST_SCREEN)).map((task) => (
          <TaskCard
            key={task.docId}
            task={task}
            unitNames={unitNames}
            personNames={personNames}
            waiting={waiting?.has(task.docId)}
            unread={isUnread?.(task) ?? false}
            reasons={reasons?.(task) ?? []}
          />
        ))}
      </ul>
      {painted && tasks.length > shown && (
        <button type="button" className="button show-more" onClick={() => setShown(shown + PAGE)}>
          {t('tasks.showMore', { count: tasks.length - shown, formatted: formatNumber(tasks.length - shown) })}
        </button>
      )}
      {painted && tasks.length <= shown && more && (
        <button type="button" className="button show-more" onClick={more}>
          {t('work.loadMore')}
        </button>
      )}
    </>
  );
}
