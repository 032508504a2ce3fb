import type { AttachmentRef } from '@thongsuot/shared/model/attachment';
import { firstDeliveries, shownStatus } from '@thongsuot/shared/model/delivery';
import { latestReports } from '@thongsuot/shared/model/progress-report';
import { readTask, type Task } from '@thongsuot/shared/model/task';
import { latestUrges } from '@thongsuot/shared/model/urge';
import type * as Y from 'yjs';
import { inboxKeysOf } from '../inbox/inbox-keys.ts';
import type { TaskRow } from './local-db.ts';

/** Every file the task references (directive, reports, requests, comments), for background downloads. */
function attachmentsOf(task: Task): AttachmentRef[] {
  const out = new Map<string, AttachmentRef>();
  const add = (refs: readonly AttachmentRef[] | undefined): void => {
    for (const ref of refs ?? []) if (ref.sha256 && !out.has(ref.sha256)) out.set(ref.sha256, { ...ref });
  };
  add(task.attachments);
  for (const r of task.reports) add(r.attachments);
  for (const r of task.extensionRequests) add(r.attachments);
  for (const c of task.comments) add(c.attachments);
  return [...out.values()];
}

/** The list row of a task doc, or null while the doc does not hold a valid task. */
export function taskRow(docId: string, doc: Y.Doc): TaskRow | null {
  const task = readTask(doc);
  if (!task) return null;
  const reports = latestReports(task.reports);
  const urges = latestUrges(task.events);
  const extensionsPending = [
    ...new Set(task.extensionRequests.filter((r) => r.decision === null).map((r) => r.recipientId)),
  ];
  const decisions = task.extensionRequests.flatMap((r) =>
    r.decision ? [{ requestId: r.id, recipientId: r.recipientId, outcome: r.decision.outcome, at: r.decision.at }] : [],
  );
  // "Chưa nhận" until the work reached a device on the recipient's side (model/delivery.ts).
  const delivered = firstDeliveries(task.deliveries);
  const statuses = task.assignments.map((a) => shownStatus(a, delivered));
  const recipients = task.assignments.map((a, i) => ({
    id: a.recipientId,
    status: statuses[i] ?? a.status,
    deadline: a.deadline,
    // An urge counts until the recipient next acts on the assignment.
    urgedAt: (urges.get(a.recipientId)?.at ?? 0) > a.statusAt ? (urges.get(a.recipientId)?.at ?? 0) : 0,
  }));
  return {
    docId,
    title: task.title,
    deadline: task.deadline,
    issuerId: task.issuerId,
    issuerUnitId: task.issuerUnitId,
    recipientIds: task.assignments.map((a) => a.recipientId),
    statuses,
    priority: task.priority,
    createdAt: task.createdAt,
    sourceLevel: task.sourceLevel,
    ...(task.parent ? { parentId: `task/${task.parent.taskId}` } : {}),
    deadlines: task.assignments.map((a) => a.deadline),
    percents: task.assignments.map((a) => reports.get(a.recipientId)?.percent ?? -1),
    extensionsPending,
    childIds: task.subAssignments.map((s) => `task/${s.childTaskId}`),
    decisions,
    attachments: attachmentsOf(task),
    inboxKeys: inboxKeysOf({
      issuerId: task.issuerId,
      deadline: task.deadline,
      recipients,
      extensionsPending,
      decisions,
    }),
  };
}
