import { useLiveQuery } from 'dexie-react-hooks';
import { usePlatform } from '../shell/platform-context.ts';
import type { TaskRow } from '../store/local-db.ts';
import { HIGHER_LEVELS, type View } from './filters.ts';

/** The rows of a view other than the inbox, nearest deadline first (filters apply on top). */
export function useTaskView(view: View): TaskRow[] | undefined {
  const { db, user } = usePlatform();
  return useLiveQuery(async () => {
    if (view === 'inbox') return [];
    const rows =
      view === 'issued'
        ? await db.tasks.where('issuerId').equals(user.id).toArray()
        : view === 'assigned'
          ? await db.tasks.where('recipientIds').anyOf([user.id, user.unitId]).distinct().toArray()
          : await db.tasks
              .where('sourceLevel')
              .anyOf([...HIGHER_LEVELS])
              .toArray();
    return rows.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.createdAt - b.createdAt);
  }, [view, user.id, user.unitId]);
}
