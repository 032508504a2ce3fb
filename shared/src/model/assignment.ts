import * as v from 'valibot';
import * as Y from 'yjs';
import { IdSchema, TimestampSchema } from '../validation/primitives.ts';
import { progressKey, taskAssignments, taskMembership, taskProgress, taskRounds } from './task-doc.ts';
import { appendTaskEvent } from './task-event.ts';
import { parsePlainEntry } from './y-read.ts';

/**
 * One assignment per recipient (a unit or a person), each with its own status.
 *
 * The status is derived, not stored: each stage a recipient reaches is recorded under its own
 * key with the round it belongs to, and the status is the highest stage of the current round.
 * So two clerks of a ward marking "read" and "reported" offline merge to "reported", never
 * back to "read". Sending the work back (the issuer reopening it) starts a new round.
 */
export const TASK_STATUSES = ['received', 'read', 'in_progress', 'reported', 'completed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const RECIPIENT_KINDS = ['unit', 'person'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

export interface Recipient {
  readonly id: string;
  readonly kind: RecipientKind;
}

export interface Assignment {
  readonly recipientId: string;
  readonly recipientKind: RecipientKind;
  readonly status: TaskStatus;
  readonly statusAt: number;
  readonly statusBy: string;
  readonly addedAt: number;
  readonly addedBy: string;
  /** 0 until the issuer first sends the work back. */
  readonly round: number;
  /** The task's deadline, or the later deadline of an approved extension for this recipient. */
  readonly deadline: string;
}

export const RecipientSchema = v.object({ id: IdSchema, kind: v.picklist(RECIPIENT_KINDS) });
export const AddedSchema = v.object({ kind: v.picklist(RECIPIENT_KINDS), at: TimestampSchema, by: IdSchema });
export const MembershipSchema = v.object({ active: v.boolean(), at: TimestampSchema, by: IdSchema });
export const StageSchema = v.object({
  at: TimestampSchema,
  by: IdSchema,
  round: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export const RoundSchema = v.object({
  n: v.pipe(v.number(), v.integer(), v.minValue(0)),
  at: TimestampSchema,
  by: IdSchema,
});
type Stage = v.InferOutput<typeof StageSchema>;

export function statusRank(status: TaskStatus): number {
  return TASK_STATUSES.indexOf(status);
}

export function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value);
}

/** Writes a new assignment. Re-adding a removed recipient reactivates it; adding twice is a no-op. */
export function writeRecipient(doc: Y.Doc, recipient: Recipient, by: string, at: number): boolean {
  const assignments = taskAssignments(doc);
  if (assignments.has(recipient.id)) {
    if (isActive(doc, recipient.id)) return false;
    taskMembership(doc).set(recipient.id, { active: true, at, by });
    return true;
  }
  assignments.set(recipient.id, { kind: recipient.kind, at, by });
  return true;
}

export function addRecipient(doc: Y.Doc, recipient: Recipient, by: string, at: number): void {
  v.parse(RecipientSchema, recipient);
  doc.transact(() => {
    if (writeRecipient(doc, recipient, by, at)) appendTaskEvent(doc, 'recipient_added', by, at, recipient.id);
  });
}

export function removeRecipient(doc: Y.Doc, recipientId: string, by: string, at: number): void {
  if (!taskAssignments(doc).has(recipientId)) throw new Error(`no assignment for ${recipientId}`);
  doc.transact(() => {
    taskMembership(doc).set(recipientId, { active: false, at, by });
    appendTaskEvent(doc, 'recipient_removed', by, at, recipientId);
  });
}

function isActive(doc: Y.Doc, recipientId: string): boolean {
  const parsed = v.safeParse(MembershipSchema, taskMembership(doc).get(recipientId));
  return !parsed.success || parsed.output.active;
}

/**
 * Moves an assignment to `status`. Forward moves record the stage; a move back (or to the
 * same stage after a send-back) starts a new round, which is how the issuer returns work.
 */
export function setAssignmentStatus(doc: Y.Doc, recipientId: string, status: TaskStatus, by: string, at: number): void {
  if (!isTaskStatus(status)) throw new Error(`unknown status: ${String(status)}`);
  const current = readOneAssignment(doc, recipientId);
  if (!current) throw new Error(`no assignment for ${recipientId}`);
  if (current.status === status) return;
  doc.transact(() => {
    let round = current.round;
    if (statusRank(status) < statusRank(current.status)) {
      round += 1;
      taskRounds(doc).set(recipientId, { n: round, at, by });
    }
    if (status !== 'received') taskProgress(doc).set(progressKey(recipientId, status), { at, by, round });
    appendTaskEvent(doc, 'status_changed', by, at, `${recipientId}:${status}`);
  });
}

/** True when the work is late: past its deadline and not yet reported or completed. */
export function isAssignmentOverdue(assignment: Assignment, today: string): boolean {
  return statusRank(assignment.status) < statusRank('reported') && today > assignment.deadline;
}

export interface AssignmentLists {
  readonly active: Assignment[];
  readonly removed: Assignment[];
}

interface Defaults {
  readonly createdAt: number;
  readonly issuerId: string;
  readonly deadline: string;
  readonly extendedTo: ReadonlyMap<string, string>;
}

/** Reads every assignment, or null if one is malformed. Sorted by recipient id. */
export function readAssignments(doc: Y.Doc, defaults: Defaults): AssignmentLists | null {
  const stages = new Map<string, Map<TaskStatus, Stage>>();
  for (const [key, raw] of taskProgress(doc).entries()) {
    const slash = key.lastIndexOf('/');
    const stage = key.slice(slash + 1);
    // Parsed once per stored entry (y-read.ts): the relay reads every stage on every write, and a
    // directive to every unit holds hundreds.
    const parsed = parsePlainEntry(StageSchema, raw);
    if (slash <= 0 || !isTaskStatus(stage) || stage === 'received' || parsed === undefined) return null;
    const recipientId = key.slice(0, slash);
    const forRecipient = stages.get(recipientId) ?? new Map<TaskStatus, Stage>();
    stages.set(recipientId, forRecipient);
    forRecipient.set(stage, parsed);
  }
  const active: Assignment[] = [];
  const removed: Assignment[] = [];
  const ids = [...taskAssignments(doc).keys()].sort();
  for (const recipientId of ids) {
    const assignment = readWith(doc, recipientId, stages.get(recipientId), defaults);
    if (!assignment) return null;
    (isActive(doc, recipientId) ? active : removed).push(assignment);
  }
  return { active, removed };
}

function readOneAssignment(doc: Y.Doc, recipientId: string): Assignment | null {
  const stages = new Map<TaskStatus, Stage>();
  for (const status of TASK_STATUSES) {
    const parsed = v.safeParse(StageSchema, taskProgress(doc).get(progressKey(recipientId, status)));
    if (parsed.success) stages.set(status, parsed.output);
  }
  const defaults = { createdAt: 0, issuerId: 'unknown', deadline: '', extendedTo: new Map<string, string>() };
  return readWith(doc, recipientId, stages, defaults);
}

function readWith(
  doc: Y.Doc,
  recipientId: string,
  stages: ReadonlyMap<TaskStatus, Stage> | undefined,
  defaults: Defaults,
): Assignment | null {
  const raw = taskAssignments(doc).get(recipientId);
  let kind: RecipientKind;
  let addedAt = defaults.createdAt;
  let addedBy = defaults.issuerId;
  const observed = new Map(stages);
  if (raw instanceof Y.Map) {
    // Schema version 1 (or a v1 client writing after the migration): status was one LWW value.
    const legacyKind = raw.get('recipientKind');
    const legacy = raw.get('status');
    const legacyAt = raw.get('statusAt');
    const legacyBy = raw.get('statusBy');
    if (legacyKind !== 'unit' && legacyKind !== 'person') return null;
    kind = legacyKind;
    if (isTaskStatus(legacy) && legacy !== 'received' && typeof legacyAt === 'number' && typeof legacyBy === 'string') {
      if (!observed.has(legacy)) observed.set(legacy, { at: legacyAt, by: legacyBy, round: 0 });
    }
  } else {
    const parsed = parsePlainEntry(AddedSchema, raw);
    if (parsed === undefined) return null;
    kind = parsed.kind;
    addedAt = parsed.at;
    addedBy = parsed.by;
  }
  const roundRaw = taskRounds(doc).get(recipientId);
  const roundParsed = roundRaw === undefined ? null : parsePlainEntry(RoundSchema, roundRaw);
  if (roundParsed === undefined) return null;
  const round = roundParsed?.n ?? 0;
  let status: TaskStatus = 'received';
  let statusAt = roundParsed ? roundParsed.at : addedAt;
  let statusBy = roundParsed ? roundParsed.by : addedBy;
  for (const candidate of TASK_STATUSES) {
    const stage = observed.get(candidate);
    if (stage && stage.round === round) {
      status = candidate;
      statusAt = stage.at;
      statusBy = stage.by;
    }
  }
  const extended = defaults.extendedTo.get(recipientId);
  const deadline = extended !== undefined && extended > defaults.deadline ? extended : defaults.deadline;
  return { recipientId, recipientKind: kind, status, statusAt, statusBy, addedAt, addedBy, round, deadline };
}
