import type { Person } from '@thongsuot/shared/access/principal';
import { mayManageTask, mayReportOn } from '@thongsuot/shared/access/task-access';
import { checkTaskChange } from '@thongsuot/shared/access/task-change';
import { setAssignmentStatus, TASK_STATUSES, type TaskStatus } from '@thongsuot/shared/model/assignment';
import { latestReports } from '@thongsuot/shared/model/progress-report';
import { readTask, type Task } from '@thongsuot/shared/model/task';
import type { TaskEvent } from '@thongsuot/shared/model/task-event';
import * as Y from 'yjs';

/**
 * Whether the relay would accept `edit` from `person`: the edit is made on a copy of the doc
 * and judged by the same rule the relay runs (shared/access/task-change.ts). The UI offers an
 * action only when this says yes, so a refusal is an exception, not a way of learning the rules.
 */
/**
 * Where a recipient's progress slider starts: its latest reported percent (a report after 60%
 * does not fall back to 50% unless moved), 0 before any report.
 */
export function startingPercent(task: Task, recipientId: string): number {
  return latestReports(task.reports).get(recipientId)?.percent ?? 0;
}

export function wouldAccept(person: Person, doc: Y.Doc, edit: (copy: Y.Doc) => void): boolean {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = readTask(copy);
  try {
    edit(copy);
  } catch {
    return false;
  }
  const ok = checkTaskChange(person, before, readTask(copy)).ok;
  copy.destroy();
  return ok;
}

/**
 * The statuses this person may set on one assignment, as the relay judges them: managers send
 * work back, and confirm it once reported; those acting for the recipient move it forward, never
 * to `completed`.
 */
export function allowedStatuses(person: Person, doc: Y.Doc, task: Task, recipientId: string): TaskStatus[] {
  const current = task.assignments.find((a) => a.recipientId === recipientId)?.status;
  if (current === undefined) return [];
  if (!mayManageTask(person, task) && !mayReportOn(person, task, recipientId)) return [current];
  return TASK_STATUSES.filter(
    (s) =>
      s === current ||
      wouldAccept(person, doc, (copy) => setAssignmentStatus(copy, recipientId, s, person.id, task.createdAt + 1)),
  );
}

/**
 * Who first opened the task for a recipient, and when: the per-person read receipt. `at` is the
 * device's time; `stage` is the stage that first move recorded, whose receipt the relay keeps.
 */
export function firstRead(
  events: readonly TaskEvent[],
  recipientId: string,
): { by: string; at: number; stage: string } | null {
  for (const e of events) {
    if (e.type !== 'status_changed' || !e.detail?.startsWith(`${recipientId}:`)) continue;
    const stage = e.detail.slice(recipientId.length + 1);
    if (stage !== 'received') return { by: e.by, at: e.at, stage };
  }
  return null;
}
