import type { UnitKind } from '@thongsuot/shared/org/org-unit';
import { levelsAbove, sourceLevelOfUnit } from '@thongsuot/shared/org/source-level';
import { useLiveQuery } from 'dexie-react-hooks';
import { usePlatform } from '../shell/platform-context.ts';
import type { LocalDb, TaskRow } from '../store/local-db.ts';
import { HIGHER_LEVELS, type View } from './filters.ts';

/**
 * The levels above the signed-in person's unit (a ward sees the Chairman's directives there, the
 * Chairman those of the Government Office); the levels above the city while the directory has not
 * told this device what kind of unit it is.
 */
async function levelsAboveMe(db: LocalDb, unitId: string): Promise<string[]> {
  const unit = await db.units.get(unitId);
  return unit ? levelsAbove(sourceLevelOfUnit(unit.kind as UnitKind, unit.id)) : [...HIGHER_LEVELS];
}

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
              .anyOf(await levelsAboveMe(db, user.unitId))
              .toArray();
    return rows.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.createdAt - b.createdAt);
  }, [view, user.id, user.unitId]);
}
