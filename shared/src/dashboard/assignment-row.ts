import type { RecipientKind, TaskStatus } from '../model/assignment.ts';
import { latestReports } from '../model/progress-report.ts';
import type { ReceiptLookup } from '../model/receipts.ts';
import type { Task } from '../model/task.ts';
import type { SourceLevel } from '../org/source-level.ts';

/**
 * One assignment as the relay indexes it for leaders' figures (docs/design.md §14): one row per
 * active recipient of a task, with the times the relay vouches for (model/receipts.ts) — when the
 * assignment reached the relay, was first read, reported, completed, extended — and the device's
 * time only where the relay has none. Written in the transaction of every write to the task,
 * and equal to what `assignmentRows` gives from the stored doc (the backfill rebuilds with it).
 */
export interface AssignmentRow {
  readonly taskId: string;
  readonly recipientId: string;
  readonly recipientKind: RecipientKind;
  readonly issuerId: string;
  readonly issuerUnitId: string;
  readonly sourceLevel: SourceLevel;
  /** The task this one was handed down from, if any. */
  readonly parentTaskId: string | null;
  /** Units whose issuer side monitors the task from above (`meta.parent.monitors`). */
  readonly monitorUnits: readonly string[];
  readonly status: TaskStatus;
  /** When the assignment was made: the relay's receipt of it, else the task's creation. */
  readonly addedAt: number;
  /** When a stage from "read" on was first reached (relay time), null if never. */
  readonly readAt: number | null;
  /** When the current round was reported, null if it is not (yet). */
  readonly reportedAt: number | null;
  /** When the current round was confirmed complete, null if it is not. */
  readonly completedAt: number | null;
  /** The task's deadline. */
  readonly deadline: string;
  /** The deadline this recipient works to: the task's, or a later one an approved extension gave. */
  readonly effectiveDeadline: string;
  /** When the approval that set `effectiveDeadline` was received; null when not extended. */
  readonly extendedAt: number | null;
  /** Whether the recipient has asked for more time and nobody has decided yet. */
  readonly extensionPending: boolean;
  /** Percent done in the latest progress report, null before the first. */
  readonly percent: number | null;
}

/** Stages only the recipient's side records: reaching one means they had opened the work. */
const READ_STAGES = ['in_progress', 'reported'] as const;

/**
 * The rows of a task: one per active assignment, sorted by recipient id. `receipts` is the
 * doc's `received` map (readReceipts): a stage written again in a later round keeps its first
 * receipt, so a receipt older than the round's own start is not this round's and the device's
 * time is used instead.
 */
export function assignmentRows(task: Task, receipts: ReceiptLookup): AssignmentRow[] {
  const reports = latestReports(task.reports);
  const created = receipts.get('meta/createdAt') ?? task.createdAt;
  const monitorUnits = [
    ...new Set((task.parent?.monitors ?? []).filter((p) => p.startsWith('unit:')).map((p) => p.slice('unit:'.length))),
  ].sort();
  return task.assignments.map((a) => {
    const rid = a.recipientId;
    // Rounds and stages are received again when written again (receipts.ts): a stage's receipt
    // older than the current round's start belongs to an earlier round.
    const roundStart = a.round > 0 ? (receipts.get(`rounds/${rid}`) ?? a.statusAt) : 0;
    /** The relay's time of the current round's stage, or null if the current round has not reached it. */
    const stageAt = (stage: TaskStatus): number | null => {
      if (!reached(a.status, stage)) return null;
      const receipt = receipts.get(`progress/${rid}/${stage}`);
      if (receipt !== undefined && receipt >= roundStart) return receipt;
      return stage === a.status ? a.statusAt : null;
    };
    // Opening the work records "read" (the app does on opening it); a recipient who skipped it
    // read the work by the time they first moved it on. The issuer's confirmation is no reading.
    let readAt: number | null = receipts.get(`progress/${rid}/read`) ?? null;
    if (readAt === null) {
      for (const stage of READ_STAGES) {
        const at = receipts.get(`progress/${rid}/${stage}`);
        if (at !== undefined && (readAt === null || at < readAt)) readAt = at;
      }
    }
    const requests = task.extensionRequests.filter((r) => r.recipientId === rid);
    let extendedAt: number | null = null;
    if (a.deadline !== task.deadline) {
      for (const r of requests) {
        if (r.decision?.outcome !== 'approved' || r.proposedDeadline !== a.deadline) continue;
        const at = receipts.get(`decisions/${r.id}`) ?? r.decision.at;
        if (extendedAt === null || at < extendedAt) extendedAt = at;
      }
    }
    const completedAt = a.status === 'completed' ? stageAt('completed') : null;
    return {
      taskId: task.id,
      recipientId: rid,
      recipientKind: a.recipientKind,
      issuerId: task.issuerId,
      issuerUnitId: task.issuerUnitId,
      sourceLevel: task.sourceLevel,
      parentTaskId: task.parent?.taskId ?? null,
      monitorUnits,
      status: a.status,
      addedAt: receipts.get(`assignments/${rid}`) ?? (a.addedAt <= task.createdAt ? created : a.addedAt),
      readAt,
      reportedAt: reached(a.status, 'reported') ? stageAt('reported') : null,
      completedAt,
      deadline: task.deadline,
      effectiveDeadline: a.deadline,
      extendedAt,
      extensionPending: requests.some((r) => r.decision === null),
      percent: reports.get(rid)?.percent ?? null,
    };
  });
}

const ORDER: readonly TaskStatus[] = ['received', 'read', 'in_progress', 'reported', 'completed'];

function reached(status: TaskStatus, stage: TaskStatus): boolean {
  return ORDER.indexOf(status) >= ORDER.indexOf(stage);
}
