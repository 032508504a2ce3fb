import * as Y from 'yjs';
import { replaceText } from './text-edit.ts';

/**
 * A directive and its assignments, one Y.Doc per task (`task/<id>`).
 *
 * Layout (no code outside this file touches these keys):
 * - `meta`        Y.Map   schemaVersion, id, issuerId, issuerUnitId, createdAt, deadline
 * - `title`       Y.Text  merged per character, so two people fixing the title both count
 * - `assignments` Y.Map   recipientId -> Y.Map { recipientKind, status, statusAt, statusBy }
 *                         one entry per recipient, so recipients never overwrite each other
 * - `reports`     Y.Array append-only progress reports
 * - `events`      Y.Array append-only event log
 */
export const TASK_SCHEMA_VERSION = 1;

export const TASK_STATUSES = ['received', 'read', 'in_progress', 'reported', 'completed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type RecipientKind = 'unit' | 'person';

export interface Assignment {
  readonly recipientId: string;
  readonly recipientKind: RecipientKind;
  readonly status: TaskStatus;
  readonly statusAt: number;
  readonly statusBy: string;
}

export interface ProgressReport {
  readonly id: string;
  readonly recipientId: string;
  readonly by: string;
  readonly at: number;
  readonly text: string;
  readonly percent: number;
}

export interface TaskEvent {
  readonly at: number;
  readonly by: string;
  readonly type: string;
  readonly detail?: string;
}

export interface Task {
  readonly id: string;
  readonly schemaVersion: number;
  readonly title: string;
  readonly issuerId: string;
  readonly issuerUnitId: string;
  readonly createdAt: number;
  /** Calendar date `YYYY-MM-DD`, the last day the work may be done. */
  readonly deadline: string;
  readonly assignments: readonly Assignment[];
  readonly reports: readonly ProgressReport[];
  readonly events: readonly TaskEvent[];
}

export interface NewTask {
  readonly id: string;
  readonly title: string;
  readonly issuerId: string;
  readonly issuerUnitId: string;
  readonly deadline: string;
  readonly recipients: readonly { id: string; kind: RecipientKind }[];
  readonly at: number;
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function meta(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('meta');
}

function assignmentsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('assignments');
}

function assertDate(deadline: string): void {
  if (!DATE_PATTERN.test(deadline)) throw new Error(`deadline must be YYYY-MM-DD: ${deadline}`);
}

export function createTask(doc: Y.Doc, input: NewTask): void {
  assertDate(input.deadline);
  if (input.title.trim() === '') throw new Error('title is required');
  if (input.recipients.length === 0) throw new Error('at least one recipient is required');
  doc.transact(() => {
    const m = meta(doc);
    m.set('schemaVersion', TASK_SCHEMA_VERSION);
    m.set('id', input.id);
    m.set('issuerId', input.issuerId);
    m.set('issuerUnitId', input.issuerUnitId);
    m.set('createdAt', input.at);
    m.set('deadline', input.deadline);
    doc.getText('title').insert(0, input.title);
    const assignments = assignmentsMap(doc);
    for (const recipient of input.recipients) {
      const entry = new Y.Map<unknown>();
      entry.set('recipientKind', recipient.kind);
      entry.set('status', 'received');
      entry.set('statusAt', input.at);
      entry.set('statusBy', input.issuerId);
      assignments.set(recipient.id, entry);
    }
    appendEvent(doc, { at: input.at, by: input.issuerId, type: 'created' });
  });
}

export function setTaskTitle(doc: Y.Doc, title: string): void {
  if (title.trim() === '') throw new Error('title is required');
  doc.transact(() => replaceText(doc.getText('title'), title));
}

export function setTaskDeadline(doc: Y.Doc, deadline: string, by: string, at: number): void {
  assertDate(deadline);
  doc.transact(() => {
    meta(doc).set('deadline', deadline);
    appendEvent(doc, { at, by, type: 'deadline_changed', detail: deadline });
  });
}

export function setAssignmentStatus(
  doc: Y.Doc,
  recipientId: string,
  status: TaskStatus,
  by: string,
  at: number,
): void {
  const entry = assignmentsMap(doc).get(recipientId);
  if (!entry) throw new Error(`no assignment for ${recipientId}`);
  doc.transact(() => {
    entry.set('status', status);
    entry.set('statusAt', at);
    entry.set('statusBy', by);
    appendEvent(doc, { at, by, type: 'status_changed', detail: `${recipientId}:${status}` });
  });
}

export function addProgressReport(doc: Y.Doc, report: ProgressReport): void {
  if (!assignmentsMap(doc).has(report.recipientId)) {
    throw new Error(`no assignment for ${report.recipientId}`);
  }
  doc.transact(() => {
    doc.getArray<ProgressReport>('reports').push([{ ...report }]);
    appendEvent(doc, { at: report.at, by: report.by, type: 'reported', detail: report.recipientId });
  });
}

function appendEvent(doc: Y.Doc, event: TaskEvent): void {
  doc.getArray<TaskEvent>('events').push([{ ...event }]);
}

function isStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value);
}

/** Reads the task, or null when the doc does not (yet) hold a valid task. */
export function readTask(doc: Y.Doc): Task | null {
  const m = meta(doc);
  const id = m.get('id');
  const issuerId = m.get('issuerId');
  const issuerUnitId = m.get('issuerUnitId');
  const createdAt = m.get('createdAt');
  const deadline = m.get('deadline');
  const schemaVersion = m.get('schemaVersion');
  if (
    typeof id !== 'string' ||
    typeof issuerId !== 'string' ||
    typeof issuerUnitId !== 'string' ||
    typeof createdAt !== 'number' ||
    typeof deadline !== 'string' ||
    !DATE_PATTERN.test(deadline) ||
    typeof schemaVersion !== 'number'
  ) {
    return null;
  }
  const assignments: Assignment[] = [];
  for (const [recipientId, entry] of assignmentsMap(doc).entries()) {
    if (!(entry instanceof Y.Map)) return null;
    const kind = entry.get('recipientKind');
    const status = entry.get('status');
    const statusAt = entry.get('statusAt');
    const statusBy = entry.get('statusBy');
    if ((kind !== 'unit' && kind !== 'person') || !isStatus(status)) return null;
    if (typeof statusAt !== 'number' || typeof statusBy !== 'string') return null;
    assignments.push({ recipientId, recipientKind: kind, status, statusAt, statusBy });
  }
  assignments.sort((a, b) => (a.recipientId < b.recipientId ? -1 : 1));
  return {
    id,
    schemaVersion,
    title: doc.getText('title').toString(),
    issuerId,
    issuerUnitId,
    createdAt,
    deadline,
    assignments,
    reports: doc.getArray<ProgressReport>('reports').toArray(),
    events: doc.getArray<TaskEvent>('events').toArray(),
  };
}
