import { HIGHER_SOURCE_LEVELS } from '@thongsuot/shared/org/source-level';
import type { TaskRow } from '../store/local-db.ts';
import { addDays } from '../tasks/deadline.ts';

export const VIEWS = ['inbox', 'issued', 'assigned', 'higher'] as const;
export type View = (typeof VIEWS)[number];

/** The levels above the city: "tasks from higher levels" is exactly these (and what cascades from them). */
export const HIGHER_LEVELS = HIGHER_SOURCE_LEVELS;

export const STATUS_FILTERS = [
  'any',
  'sent',
  'received',
  'read',
  'in_progress',
  'reported',
  'completed',
  'overdue',
] as const;
export const DEADLINE_FILTERS = ['any', 'overdue', 'week', 'month'] as const;

export interface Filters {
  readonly source: string;
  readonly status: (typeof STATUS_FILTERS)[number];
  readonly deadline: (typeof DEADLINE_FILTERS)[number];
  readonly unit: string;
}

export const NO_FILTERS: Filters = { source: 'any', status: 'any', deadline: 'any', unit: 'any' };

/**
 * Whether a row passes the filters. Statuses are read on the assignments that concern the
 * viewer (their own or their unit's) when there are any, else on all of them.
 */
export function matches(row: TaskRow, f: Filters, today: string, mine: readonly string[]): boolean {
  if (f.source !== 'any' && (row.sourceLevel ?? 'city_people_committee') !== f.source) return false;
  if (f.unit !== 'any' && row.issuerUnitId !== f.unit && !row.recipientIds.includes(f.unit)) return false;
  const own = row.recipientIds.flatMap((id, i) => (mine.includes(id) ? [i] : []));
  const indexes = own.length > 0 ? own : row.recipientIds.map((_, i) => i);
  const deadlines = indexes.map((i) => row.deadlines?.[i] ?? row.deadline);
  const statuses = indexes.map((i) => row.statuses[i] ?? 'received');
  const open = (i: number) => ['sent', 'received', 'read', 'in_progress'].includes(statuses[i] ?? '');
  const late = indexes.some((_, k) => open(k) && (deadlines[k] ?? '') < today);
  if (f.status === 'overdue' ? !late : f.status !== 'any' && !statuses.includes(f.status)) return false;
  if (f.deadline === 'overdue' && !late) return false;
  if (f.deadline === 'week' || f.deadline === 'month') {
    const until = addDays(today, f.deadline === 'week' ? 7 : 31);
    if (!deadlines.some((d) => d >= today && d <= until)) return false;
  }
  return true;
}
