import { readTask } from '@thongsuot/shared/model/task';
import type * as Y from 'yjs';
import type { TaskRow } from './local-db.ts';

/** The list row of a task doc, or null while the doc does not hold a valid task. */
export function taskRow(docId: string, doc: Y.Doc): TaskRow | null {
  const task = readTask(doc);
  if (!task) return null;
  return {
    docId,
    title: task.title,
    deadline: task.deadline,
    issuerId: task.issuerId,
    issuerUnitId: task.issuerUnitId,
    recipientIds: task.assignments.map((a) => a.recipientId),
    statuses: task.assignments.map((a) => a.status),
    priority: task.priority,
    createdAt: task.createdAt,
  };
}
