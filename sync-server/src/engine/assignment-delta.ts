import { type AssignmentRow, same } from '@thongsuot/shared';
import type { DocProjection } from '../storage/doc-store.ts';

/**
 * The projection the store is given for a write (docs/design.md §14): the task's assignment rows
 * reduced to those that changed since `previous` (the doc's projection before the write, which is
 * what the store holds), and the recipients that left. A directive to 184 units whose one ward
 * reports rewrites one row, not 184. With no previous projection, every row is new.
 */
export function storedProjection(previous: DocProjection | null, next: DocProjection): DocProjection {
  const task = next.task;
  if (!task) return next;
  const before = new Map<string, AssignmentRow>();
  for (const row of previous?.task?.assignments.upsert ?? []) before.set(row.recipientId, row);
  const upsert: AssignmentRow[] = [];
  for (const row of task.assignments.upsert) {
    const old = before.get(row.recipientId);
    if (!old || !same(old, row)) upsert.push(row);
    before.delete(row.recipientId);
  }
  return { ...next, task: { ...task, assignments: { upsert, remove: [...before.keys()] } } };
}
