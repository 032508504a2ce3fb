import { isAssignmentOverdue } from '@thongsuot/shared/model/assignment';
import { firstDeliveries, shownStatus } from '@thongsuot/shared/model/delivery';
import { latestReports } from '@thongsuot/shared/model/progress-report';
import { afterDeadline, decidingTime, type VouchedTime } from '@thongsuot/shared/model/receipts';
import type { Task } from '@thongsuot/shared/model/task';
import { latestUrges } from '@thongsuot/shared/model/urge';
import { firstRead } from './task-actions.ts';

/** One recipient's line in the issuer's tracking table. */
export interface TrackingRow {
  readonly id: string;
  /** The assignment's status, or `sent` while it has not reached their side (model/delivery.ts). */
  readonly status: string;
  readonly deadline: string;
  /** Who first opened it for the recipient: the device's time and the relay's receipt of it. */
  readonly read: { by: string; at: VouchedTime } | null;
  /** When it first reached a device on the recipient's side, and whose. */
  readonly delivered: { by: string; at: VouchedTime } | null;
  readonly percent: number | null;
  /** Past its deadline now, and not yet reported. */
  readonly late: boolean;
  /** Reported after its deadline, by the time the relay received the report (the device's until then). */
  readonly reportedLate: boolean;
  readonly asking: boolean;
  readonly urgedAt: number | null;
}

/**
 * The tracking table's rows. Times that decide something — who read it first and when, whether
 * it was reported on time — are the relay's once it has received the entry (docs/design.md §11),
 * the device's own until then: a report written offline at 16:00 on the last day and received the
 * next morning was received late, whatever the device says.
 */
export function trackingRows(task: Task, receipts: ReadonlyMap<string, number>, today: string): TrackingRow[] {
  const reports = latestReports(task.reports);
  const urges = latestUrges(task.events);
  const asking = new Set(task.extensionRequests.filter((r) => r.decision === null).map((r) => r.recipientId));
  const vouched = (recipientId: string, stage: string, device: number): VouchedTime => ({
    device,
    relay: receipts.get(`progress/${recipientId}/${stage}`) ?? null,
  });
  const delivered = firstDeliveries(task.deliveries);
  return task.assignments.map((a) => {
    const delivery = delivered.get(a.recipientId);
    const read = firstRead(task.events, a.recipientId);
    const reported = task.events.find((e) => e.type === 'status_changed' && e.detail === `${a.recipientId}:reported`);
    const reportedAt = reported ? decidingTime(vouched(a.recipientId, 'reported', reported.at)) : null;
    return {
      id: a.recipientId,
      status: shownStatus(a, delivered),
      deadline: a.deadline,
      delivered: delivery
        ? {
            by: delivery.by,
            at: { device: delivery.at, relay: receipts.get(`deliveries/${a.recipientId}/${delivery.by}`) ?? null },
          }
        : null,
      read: read ? { by: read.by, at: vouched(a.recipientId, read.stage, read.at) } : null,
      percent: reports.get(a.recipientId)?.percent ?? null,
      late: isAssignmentOverdue(a, today),
      reportedLate: reportedAt !== null && afterDeadline(reportedAt, a.deadline),
      asking: asking.has(a.recipientId),
      urgedAt: urges.get(a.recipientId)?.at ?? null,
    };
  });
}
