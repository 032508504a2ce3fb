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

export type InboxCounts = Readonly<Record<Reason, number>>;

/** A page of what awaits me, without the counts. */
export interface InboxPage {
  readonly items: readonly WorkItem[];
  /** More items exist than were read. */
  readonly more: boolean;
}

export interface Inbox extends InboxPage {
  /** Exact counts per reason, from the index (not limited by the page). */
  readonly counts: InboxCounts;
}

/**
 * Everything awaiting me (item 4), from the `inboxKeys` index: each reason is a key range read
 * in deadline order up to `limit` rows, so the inbox of a leader who issued 20,000 tasks reads a
 * page of rows, not 20,000. Each range is a request of its own: the browser runs them side by
 * side, where one transaction would run them one after another.
 */
export async function readInboxPage(db: LocalDb, me: Me, today: string, limit: number): Promise<InboxPage> {
  performance.mark('inbox-query'); // the benchmark's start line (e2e/bench/tasks-bench.ts)
  const soon = addDays(today, SOON_DAYS);
  // Overdue and due-soon rows are the head of the open range (it is in deadline order): they
  // are counted on their own but read only once. One row past the page says whether there is more.
  const read = ranges(me, today, soon).filter((r) => r.reason !== 'overdue' && r.reason !== 'dueSoon');
  const rowLists = await Promise.all(
    read.map((r) =>
      where(db, r)
        .limit(limit + 1)
        .toArray(),
    ),
  );
  const more = rowLists.some((rows) => rows.length > limit);
  const rows: TaskRow[] = rowLists.flatMap((rows) => rows.slice(0, limit));
  return { items: workItems(rows, me, today, soon), more };
}

/**
 * Exact counts per reason, each counted in the index. Counting walks the
 * whole range (thousands of keys for a leader), so the inbox shows its rows first and the
 * counts when they come.
 */
export async function countInbox(db: LocalDb, me: Me, today: string): Promise<InboxCounts> {
  const all = ranges(me, today, addDays(today, SOON_DAYS));
  const tallies = await Promise.all(all.map((r) => where(db, r).count()));
  const counts = { overdue: 0, extension: 0, dueSoon: 0, new: 0, review: 0, late: 0, todo: 0 };
  all.forEach((r, i) => {
    counts[r.reason] += tallies[i] ?? 0;
  });
  return counts;
}

/** The page and the counts together. */
export async function readInbox(db: LocalDb, me: Me, today: string, limit: number): Promise<Inbox> {
  const [page, counts] = await Promise.all([readInboxPage(db, me, today, limit), countInbox(db, me, today)]);
  return { ...page, counts };
}
