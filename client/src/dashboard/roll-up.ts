import type { TaskRow } from '../store/local-db.ts';

/** Progress of one task's assignments: latest percents (no report counts as 0) and statuses. */
export interface Progress {
  readonly percent: number;
  readonly done: number;
  readonly reported: number;
  readonly total: number;
}

export function progressOf(row: Pick<TaskRow, 'statuses' | 'percents'>): Progress {
  const total = row.statuses.length;
  if (total === 0) return { percent: 0, done: 0, reported: 0, total: 0 };
  let sum = 0;
  let done = 0;
  let reported = 0;
  row.statuses.forEach((s, i) => {
    const p = s === 'completed' ? 100 : Math.max(0, row.percents?.[i] ?? -1);
    sum += p;
    if (s === 'completed') done += 1;
    if (s === 'reported') reported += 1;
  });
  return { percent: Math.round(sum / total), done, reported, total };
}

/** The child tasks of a task, grouped by the assignment each one serves. */
export function childrenByRecipient(
  links: readonly { childTaskId: string; recipientId: string }[],
  rows: ReadonlyMap<string, TaskRow>,
): Map<string, TaskRow[]> {
  const out = new Map<string, TaskRow[]>();
  for (const link of links) {
    const row = rows.get(`task/${link.childTaskId}`);
    if (!row) continue;
    const list = out.get(link.recipientId) ?? [];
    list.push(row);
    out.set(link.recipientId, list);
  }
  return out;
}
