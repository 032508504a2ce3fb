import * as v from 'valibot';
import type * as Y from 'yjs';
import type { Principal } from '../access/principal.ts';
import { SOURCE_LEVELS, type SourceLevel } from '../org/source-level.ts';
import { parseOrThrow } from '../validation/parse.ts';
import { boundedText, CalendarDateSchema, IdSchema, nonBlankText, TimestampSchema } from '../validation/primitives.ts';
import { type Assignment, type Recipient, RecipientSchema, readAssignments, writeRecipient } from './assignment.ts';
import { AttachmentListSchema, type AttachmentRef } from './attachment.ts';
import { type Delivery, readDeliveries } from './delivery.ts';
import { approvedDeadlines, type ExtensionRequest, readExtensionRequests } from './extension-request.ts';
import { type ProgressReport, readProgressReports } from './progress-report.ts';
import { readSubAssignments, type SubAssignment } from './sub-assignment.ts';
import { readTaskComments, type TaskComment } from './task-comment.ts';
import { TASK_SCHEMA_VERSION, taskBodyText, taskMeta, taskTitleText, taskWatchers } from './task-doc.ts';
import { appendTaskEvent, readTaskEvents, type TaskEvent } from './task-event.ts';
import { PrincipalSchema, readTaskWatchers } from './task-watcher.ts';
import { replaceText } from './text-edit.ts';

/**
 * A directive (`task/<id>`): who issued it and from which level, its priority, deadline, body,
 * and one assignment per recipient. Layout in task-doc.ts; entities in their own files.
 */
export const TASK_PRIORITIES = ['normal', 'urgent', 'flash'] as const; // thường, khẩn, hỏa tốc
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

/** Where a child task hangs: the parent task, the assignment it serves, and who monitors it from above. */
export interface ParentLink {
  readonly taskId: string;
  readonly recipientId: string;
  /** The issuer sides of every ancestor task; they may read this task (docs/design.md §1). */
  readonly monitors: readonly Principal[];
}

export interface Task {
  readonly id: string;
  readonly schemaVersion: number;
  readonly title: string;
  readonly body: string;
  readonly issuerId: string;
  readonly issuerUnitId: string;
  readonly sourceLevel: SourceLevel;
  readonly priority: TaskPriority;
  /** The official document number the directive carries, e.g. `1234/UBND-VX`. */
  readonly reference: string | null;
  /** The official document whose instruction created it (model/dossier.ts): linked both ways. */
  readonly sourceDossierId: string | null;
  /** Files attached to the directive itself (model/attachment.ts). */
  readonly attachments: readonly AttachmentRef[];
  readonly createdAt: number;
  /** Calendar date `YYYY-MM-DD`, the last day the work may be done. */
  readonly deadline: string;
  readonly parent: ParentLink | null;
  /** Active assignments, sorted by recipient id. */
  readonly assignments: readonly Assignment[];
  /** Recipients the issuer removed; kept for the record, they no longer read the task. */
  readonly removedAssignments: readonly Assignment[];
  /** Where the task reached a device on a recipient's side (delivery.ts), oldest first. */
  readonly deliveries: readonly Delivery[];
  readonly reports: readonly ProgressReport[];
  readonly extensionRequests: readonly ExtensionRequest[];
  readonly subAssignments: readonly SubAssignment[];
  readonly comments: readonly TaskComment[];
  readonly watchers: readonly Principal[];
  readonly events: readonly TaskEvent[];
}

export interface NewTask {
  readonly id: string;
  readonly title: string;
  readonly issuerId: string;
  readonly issuerUnitId: string;
  readonly deadline: string;
  readonly recipients: readonly Recipient[];
  readonly at: number;
  readonly body?: string;
  /** Defaults to 'city_people_committee'. */
  readonly sourceLevel?: SourceLevel;
  /** Defaults to 'normal'. */
  readonly priority?: TaskPriority;
  readonly reference?: string;
  readonly sourceDossierId?: string;
  readonly attachments?: readonly AttachmentRef[];
  readonly parent?: ParentLink;
  readonly watchers?: readonly Principal[];
}

const ParentLinkSchema = v.object({
  taskId: IdSchema,
  recipientId: IdSchema,
  monitors: v.pipe(v.array(PrincipalSchema), v.maxLength(64)),
});

const ReferenceSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(80));

export const NewTaskSchema = v.object({
  id: IdSchema,
  title: nonBlankText(500),
  issuerId: IdSchema,
  issuerUnitId: IdSchema,
  deadline: CalendarDateSchema,
  recipients: v.pipe(
    v.array(RecipientSchema),
    v.minLength(1, 'at least one recipient is required'),
    v.maxLength(2_000),
  ),
  at: TimestampSchema,
  body: v.optional(boundedText(100_000)),
  sourceLevel: v.optional(v.picklist(SOURCE_LEVELS)),
  priority: v.optional(v.picklist(TASK_PRIORITIES)),
  reference: v.optional(ReferenceSchema),
  sourceDossierId: v.optional(IdSchema),
  attachments: v.optional(AttachmentListSchema),
  parent: v.optional(ParentLinkSchema),
  watchers: v.optional(v.array(PrincipalSchema)),
});

export const TaskMetaSchema = v.object({
  schemaVersion: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(TASK_SCHEMA_VERSION)),
  id: IdSchema,
  issuerId: IdSchema,
  issuerUnitId: IdSchema,
  createdAt: TimestampSchema,
  deadline: CalendarDateSchema,
  sourceLevel: v.optional(v.picklist(SOURCE_LEVELS), 'city_people_committee'),
  priority: v.optional(v.picklist(TASK_PRIORITIES), 'normal'),
  reference: v.optional(ReferenceSchema),
  sourceDossierId: v.optional(IdSchema),
  attachments: v.optional(AttachmentListSchema),
  parent: v.optional(ParentLinkSchema),
});

export function createTask(doc: Y.Doc, input: NewTask): void {
  const task = parseOrThrow(NewTaskSchema, input, 'task');
  doc.transact(() => {
    const m = taskMeta(doc);
    m.set('schemaVersion', TASK_SCHEMA_VERSION);
    m.set('id', task.id);
    m.set('issuerId', task.issuerId);
    m.set('issuerUnitId', task.issuerUnitId);
    m.set('sourceLevel', task.sourceLevel ?? 'city_people_committee');
    m.set('priority', task.priority ?? 'normal');
    if (task.reference !== undefined) m.set('reference', task.reference);
    if (task.sourceDossierId !== undefined) m.set('sourceDossierId', task.sourceDossierId);
    if (task.attachments?.length)
      m.set(
        'attachments',
        task.attachments.map((a) => ({ ...a })),
      );
    if (task.parent !== undefined) m.set('parent', { ...task.parent, monitors: [...task.parent.monitors] });
    m.set('createdAt', task.at);
    m.set('deadline', task.deadline);
    taskTitleText(doc).insert(0, task.title);
    if (task.body) taskBodyText(doc).insert(0, task.body);
    for (const recipient of task.recipients) writeRecipient(doc, recipient, task.issuerId, task.at);
    for (const watcher of task.watchers ?? []) taskWatchers(doc).set(watcher, { at: task.at, by: task.issuerId });
    appendTaskEvent(doc, 'created', task.issuerId, task.at);
  });
}

/** Sets the title by editing only the changed span, so concurrent edits elsewhere survive. */
export function setTaskTitle(doc: Y.Doc, title: string): void {
  parseOrThrow(nonBlankText(500), title, 'title');
  doc.transact(() => replaceText(taskTitleText(doc), title));
}

export function setTaskBody(doc: Y.Doc, body: string): void {
  parseOrThrow(boundedText(100_000), body, 'body');
  doc.transact(() => replaceText(taskBodyText(doc), body));
}

export function setTaskDeadline(doc: Y.Doc, deadline: string, by: string, at: number): void {
  parseOrThrow(CalendarDateSchema, deadline, 'deadline');
  doc.transact(() => {
    taskMeta(doc).set('deadline', deadline);
    appendTaskEvent(doc, 'deadline_changed', by, at, deadline);
  });
}

export function setTaskPriority(doc: Y.Doc, priority: TaskPriority, by: string, at: number): void {
  parseOrThrow(v.picklist(TASK_PRIORITIES), priority, 'priority');
  doc.transact(() => {
    taskMeta(doc).set('priority', priority);
    appendTaskEvent(doc, 'priority_changed', by, at, priority);
  });
}

/** Reads the task, or null when the doc does not (yet) hold a valid task of a version we know. */
export function readTask(doc: Y.Doc): Task | null {
  const meta = v.safeParse(TaskMetaSchema, taskMeta(doc).toJSON());
  if (!meta.success) return null;
  const m = meta.output;
  const extensionRequests = readExtensionRequests(doc);
  if (!extensionRequests) return null;
  const lists = readAssignments(doc, {
    createdAt: m.createdAt,
    issuerId: m.issuerId,
    deadline: m.deadline,
    extendedTo: approvedDeadlines(extensionRequests),
  });
  const reports = readProgressReports(doc);
  const subAssignments = readSubAssignments(doc);
  const comments = readTaskComments(doc);
  const watchers = readTaskWatchers(doc);
  const events = readTaskEvents(doc);
  const deliveries = readDeliveries(doc);
  if (!deliveries || !lists || !reports || !subAssignments || !comments || !watchers || !events) return null;
  return {
    id: m.id,
    schemaVersion: m.schemaVersion,
    title: taskTitleText(doc).toString(),
    body: taskBodyText(doc).toString(),
    issuerId: m.issuerId,
    issuerUnitId: m.issuerUnitId,
    sourceLevel: m.sourceLevel,
    priority: m.priority,
    reference: m.reference ?? null,
    sourceDossierId: m.sourceDossierId ?? null,
    attachments: m.attachments ?? [],
    createdAt: m.createdAt,
    deadline: m.deadline,
    parent: m.parent ? { ...m.parent, monitors: m.parent.monitors as Principal[] } : null,
    assignments: lists.active,
    removedAssignments: lists.removed,
    deliveries,
    reports,
    extensionRequests,
    subAssignments,
    comments,
    watchers,
    events,
  };
}
