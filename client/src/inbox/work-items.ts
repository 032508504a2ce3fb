import { speaksForUnit } from '@thongsuot/shared/access/capabilities';
import type { TaskRow } from '../store/local-db.ts';
import { ISSUER_PREFIX } from './inbox-keys.ts';

/** Why a task is in my inbox; one task may have several reasons. */
export const REASONS = ['overdue', 'extension', 'dueSoon', 'new', 'review', 'late', 'todo'] as const;
export type Reason = (typeof REASONS)[number];

/** Who I am for the inbox: my id, my unit, and my side of what I issued. */
export interface Me {
  readonly ids: readonly string[];
  readonly by: string;
}

/**
 * What awaits a person (item 6): their own assignments, and their unit's only if they act for
 * it (its leaders and division heads, `speaksForUnit`); a specialist's to-do holds the work
 * handed down to them, not the unit's directive to 184 units. A rank not known (a session from
 * before ranks were sent) keeps the unit, as before.
 */
export function meOf(userId: string, unitId: string, rank?: number, merged: readonly string[] = []): Me {
  const acts = speaksForUnit({ id: userId, unitId, ...(rank === undefined ? {} : { rank }) }, unitId);
  // Who acts for the unit acts for the units merged into it too.
  return { ids: acts ? [userId, unitId, ...merged] : [userId], by: `${ISSUER_PREFIX}${userId}` };
}

/** Reads the reasons off the row's inbox keys, for today's date and the "due soon" horizon. */
export function reasonsFor(row: TaskRow, me: Me, today: string, soon: string): Reason[] {
  const out = new Set<Reason>();
  for (const key of row.inboxKeys ?? []) {
    const [who, kind, sort = ''] = key.split('|');
    if (who === me.by) {
      if (kind === 'review') out.add('review');
      if (kind === 'extension') out.add('extension');
      if (kind === 'tracking' && sort < today) out.add('late');
    } else if (who !== undefined && me.ids.includes(who)) {
      if (kind === 'new') out.add('new');
      if (kind === 'open' && sort < today) out.add('overdue');
      else if (kind === 'open' && sort <= soon) out.add('dueSoon');
      else if (kind === 'open') out.add('todo');
    }
  }
  return REASONS.filter((r) => out.has(r));
}

const PRIORITY: Record<string, number> = { flash: 0, urgent: 1, normal: 2 };

export interface WorkItem {
  readonly row: TaskRow;
  readonly reasons: readonly Reason[];
}

/**
 * Most urgent first: overdue work (most overdue first), then decisions waiting on me
 * (extensions), then work due soon, new assignments, reports to review, what I issued that is
 * late, and the rest of my open work; within each, the nearer deadline and the more urgent directive first.
 */
export function byUrgency(a: WorkItem, b: WorkItem): number {
  const rank = (item: WorkItem) => Math.min(...item.reasons.map((r) => REASONS.indexOf(r)));
  return (
    rank(a) - rank(b) ||
    a.row.deadline.localeCompare(b.row.deadline) ||
    (PRIORITY[a.row.priority ?? 'normal'] ?? 2) - (PRIORITY[b.row.priority ?? 'normal'] ?? 2) ||
    a.row.createdAt - b.row.createdAt
  );
}

export function workItems(rows: readonly TaskRow[], me: Me, today: string, soon: string): WorkItem[] {
  const seen = new Set<string>();
  const items: WorkItem[] = [];
  for (const row of rows) {
    if (seen.has(row.docId)) continue;
    seen.add(row.docId);
    const reasons = reasonsFor(row, me, today, soon);
    if (reasons.length > 0) items.push({ row, reasons });
  }
  return items.sort(byUrgency);
}
