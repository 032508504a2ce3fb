import type { TaskRow } from '../store/local-db.ts';

/** Assignment stages in order; mirrors TASK_STATUSES in shared without loading the model. */
const STAGES = ['sent', 'received', 'read', 'in_progress', 'reported', 'completed'];
const PRIORITY_RANK: Record<string, number> = { flash: 0, urgent: 1, normal: 2 };

export function stageRank(status: string | undefined): number {
  return status === undefined ? -1 : STAGES.indexOf(status);
}

/** The statuses of the assignments a person acts for in this task: their own or their unit's. */
export function ownStatuses(row: TaskRow, recipientIds: readonly string[]): string[] {
  return row.recipientIds.flatMap((id, i) => (recipientIds.includes(id) ? [row.statuses[i] ?? 'received'] : []));
}

/** Not yet opened by anyone acting for the recipient: what the inbox counts as unread. */
export function isUnread(row: TaskRow, recipientIds: readonly string[]): boolean {
  return ownStatuses(row, recipientIds).some((s) => s === 'sent' || s === 'received');
}

/** Still to be done by the recipient: not yet reported or completed. */
export function isOpenFor(row: TaskRow, recipientIds: readonly string[]): boolean {
  return ownStatuses(row, recipientIds).some((s) => stageRank(s) < stageRank('reported'));
}

/**
 * The inbox order: open work first, nearest (or most overdue) deadline first, then the more
 * urgent directive; finished work last.
 */
export function byUrgency(recipientIds: readonly string[]): (a: TaskRow, b: TaskRow) => number {
  return (a, b) =>
    Number(!isOpenFor(a, recipientIds)) - Number(!isOpenFor(b, recipientIds)) ||
    a.deadline.localeCompare(b.deadline) ||
    (PRIORITY_RANK[a.priority ?? 'normal'] ?? 2) - (PRIORITY_RANK[b.priority ?? 'normal'] ?? 2) ||
    a.createdAt - b.createdAt;
}

export type ItemSyncState = 'local' | 'saved' | 'seen';

/**
 * An item's state from facts only (docs/design.md §3): *on this device only* while any change to it
 * waits in the outbox; *saved on the server* once the server acknowledged every change as
 * stored; *seen by the recipient* once every recipient's assignment has reached `read` in the
 * doc as the server relayed it (a recipient's device sets `read` when someone acting for it
 * opens the task). `seen` counts recipients that have opened it.
 */
/**
 * What a card's badge may say: the row's own outbox count where it has one (written with the
 * outbox), else the outbox as a list query last read it; nothing while neither is known. Never
 * "saved" for want of a fact.
 */
export function cardSyncState(
  row: TaskRow | undefined,
  waitingInList: boolean | undefined,
): { state: ItemSyncState; seen: number } | null {
  const count = row?.waiting ?? (waitingInList === undefined ? undefined : waitingInList ? 1 : 0);
  return count === undefined ? null : itemSyncState(count, row);
}

export function itemSyncState(waiting: number, row: TaskRow | undefined): { state: ItemSyncState; seen: number } {
  const seen = row ? row.statuses.filter((s) => stageRank(s) >= stageRank('read')).length : 0;
  if (waiting > 0) return { state: 'local', seen };
  if (row && row.statuses.length > 0 && seen === row.statuses.length) return { state: 'seen', seen };
  return { state: 'saved', seen };
}
