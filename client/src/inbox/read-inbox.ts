import type { LocalDb, TaskRow } from '../store/local-db.ts';
import { addDays } from '../tasks/deadline.ts';
import { type InboxKind, inboxRange } from './inbox-keys.ts';
import { type Me, type Reason, type WorkItem, workItems } from './work-items.ts';

/** How far ahead "due soon" looks. */
export const SOON_DAYS = 3;

interface Range {
  readonly reason: Reason;
  readonly who: string;
  readonly kind: InboxKind;
  readonly from?: string;
  readonly upTo?: string;
}

function ranges(me: Me, today: string, soon: string): Range[] {
  const yesterday = addDays(today, -1);
  return [
    ...me.ids.flatMap((who): Range[] => [
      { reason: 'overdue', who, kind: 'open', upTo: yesterday },
      { reason: 'dueSoon', who, kind: 'open', from: today, upTo: soon },
      { reason: 'new', who, kind: 'new' },
      { reason: 'todo', who, kind: 'open' },
    ]),
    { reason: 'extension', who: me.by, kind: 'extension' },
    { reason: 'review', who: me.by, kind: 'review' },
    { reason: 'late', who: me.by, kind: 'tracking', upTo: yesterday },
  ];
}

export function where(db: LocalDb, r: Range) {
  const [lower, upper] = inboxRange(r.who, r.kind, r.upTo);
  return db.tasks.where('inboxKeys').between(r.from ? `${lower}${r.from}` : lower, upper, true, true);
}

export interface Inbox {
  readonly items: readonly WorkItem[];
  /** Exact counts per reason, from the index (not limited by the page). */
  readonly counts: Readonly<Record<Reason, number>>;
  /** More items exist than were read. */
  readonly more: boolean;
}

/**
 * Everything awaiting me (item 4), from the `inboxKeys` index: each reason is a key range read
 * in deadline order up to `limit` rows and counted in the index, so the inbox of a leader who
 * issued 20,000 tasks reads a page of rows, not 20,000.
 */
export async function readInbox(db: LocalDb, me: Me, today: string, limit: number): Promise<Inbox> {
  performance.mark('inbox-query'); // the benchmark's start line (e2e/bench/tasks-bench.ts)
  const soon = addDays(today, SOON_DAYS);
  const all = ranges(me, today, soon);
  const counts = { overdue: 0, extension: 0, dueSoon: 0, new: 0, review: 0, late: 0, todo: 0 };
  // Overdue and due-soon rows are the head of the open range (it is in deadline order): they
  // are counted on their own but read only once.
  const read = all.filter((r) => r.reason !== 'overdue' && r.reason !== 'dueSoon');
  const [rowLists, tallies] = await Promise.all([
    Promise.all(read.map((r) => where(db, r).limit(limit).toArray())),
    Promise.all(all.map((r) => where(db, r).count())),
  ]);
  let more = false;
  all.forEach((r, i) => {
    counts[r.reason] += tallies[i] ?? 0;
    if ((tallies[i] ?? 0) > limit) more = true;
  });
  const rows: TaskRow[] = rowLists.flat();
  return { items: workItems(rows, me, today, soon), counts, more };
}
