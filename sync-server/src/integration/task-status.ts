import {
  firstDeliveries,
  isAssignmentOverdue,
  latestReports,
  shownStatus,
  type Task,
  type VouchedTime,
  vietnamDate,
} from '@thongsuot/shared';

/** A time as the device recorded it and as the relay received it (docs/design.md §11). */
interface Vouched extends VouchedTime {}

/** An extension request's state, for the recipient's latest request. */
export interface ExtensionState {
  readonly state: 'pending' | 'approved' | 'rejected';
  readonly proposedDeadline: string;
  readonly requestedAt: Vouched;
  readonly decidedAt: Vouched | null;
}

export interface RecipientStatus {
  readonly recipientId: string;
  readonly recipientKind: 'unit' | 'person';
  /** `sent` while the task has not reached a device on their side, else the stage reached. */
  readonly status: string;
  /** The highest stage of the current round (received, read, in_progress, reported, completed). */
  readonly stage: string;
  readonly round: number;
  readonly stageAt: Vouched;
  readonly stageBy: string;
  readonly deadline: string;
  readonly overdue: boolean;
  readonly delivered: { readonly by: string; readonly at: Vouched } | null;
  readonly percent: number | null;
  readonly reportedAt: Vouched | null;
  readonly extension: ExtensionState | null;
}

export interface TaskStatusView {
  readonly id: string;
  readonly title: string;
  readonly deadline: string;
  readonly priority: string;
  readonly sourceLevel: string;
  readonly reference: string | null;
  readonly issuerId: string;
  readonly issuerUnitId: string;
  readonly createdAt: Vouched;
  readonly recipients: readonly RecipientStatus[];
}

/** Where the relay's receipt of an assignment's current stage is (model/receipts.ts). */
function stageKey(a: Task['assignments'][number]): string {
  if (a.status !== 'received') return `progress/${a.recipientId}/${a.status}`;
  return a.round > 0 ? `rounds/${a.recipientId}` : `assignments/${a.recipientId}`;
}

/**
 * What an integration client may know of a task's progress: per recipient its status and stage,
 * with the times the relay vouches for beside the devices' own, the latest reported percentage
 * and the state of its latest extension request. Read with the shared model's readers, so the
 * API says exactly what the app's tracking table shows (client/src/tasks/tracking-rows.ts).
 */
export function taskStatus(task: Task, receipts: ReadonlyMap<string, number>, now: number): TaskStatusView {
  const vouched = (key: string, device: number): Vouched => ({ device, relay: receipts.get(key) ?? null });
  const delivered = firstDeliveries(task.deliveries);
  const reports = latestReports(task.reports);
  const today = vietnamDate(now);
  const recipients = task.assignments.map((a): RecipientStatus => {
    const delivery = delivered.get(a.recipientId);
    const report = reports.get(a.recipientId);
    const request = task.extensionRequests
      .filter((r) => r.recipientId === a.recipientId)
      .reduce<Task['extensionRequests'][number] | null>((last, r) => (last && last.at > r.at ? last : r), null);
    return {
      recipientId: a.recipientId,
      recipientKind: a.recipientKind,
      status: shownStatus(a, delivered),
      stage: a.status,
      round: a.round,
      stageAt: vouched(stageKey(a), a.statusAt),
      stageBy: a.statusBy,
      deadline: a.deadline,
      overdue: isAssignmentOverdue(a, today),
      delivered: delivery
        ? { by: delivery.by, at: vouched(`deliveries/${a.recipientId}/${delivery.by}`, delivery.at) }
        : null,
      percent: report?.percent ?? null,
      reportedAt: report ? vouched(`reports/${report.id}`, report.at) : null,
      extension: request
        ? {
            state: request.decision?.outcome ?? 'pending',
            proposedDeadline: request.proposedDeadline,
            requestedAt: vouched(`extensions/${request.id}`, request.at),
            decidedAt: request.decision ? vouched(`decisions/${request.id}`, request.decision.at) : null,
          }
        : null,
    };
  });
  return {
    id: task.id,
    title: task.title,
    deadline: task.deadline,
    priority: task.priority,
    sourceLevel: task.sourceLevel,
    reference: task.reference,
    issuerId: task.issuerId,
    issuerUnitId: task.issuerUnitId,
    createdAt: vouched('meta/createdAt', task.createdAt),
    recipients,
  };
}
