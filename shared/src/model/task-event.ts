import * as v from 'valibot';
import type * as Y from 'yjs';
import { boundedText, IdSchema, TimestampSchema } from '../validation/primitives.ts';
import { taskEvents } from './task-doc.ts';
import { readPlainArray } from './y-read.ts';

/** The task's append-only event log: what happened, who did it, when (the audit trail). */
export const TASK_EVENT_TYPES = [
  'created',
  'title_changed',
  'body_changed',
  'deadline_changed',
  'priority_changed',
  'recipient_added',
  'recipient_removed',
  'status_changed',
  'reported',
  'extension_requested',
  'extension_decided',
  'sub_assigned',
  'commented',
  'watcher_added',
  'watcher_removed',
  'urged',
] as const;
export type TaskEventType = (typeof TASK_EVENT_TYPES)[number];

export interface TaskEvent {
  readonly at: number;
  readonly by: string;
  /** One of TASK_EVENT_TYPES when written by this code; older or newer clients may add others. */
  readonly type: string;
  readonly detail?: string;
}

export const TaskEventSchema = v.object({
  at: TimestampSchema,
  by: IdSchema,
  type: v.pipe(v.string(), v.regex(/^[a-z_]{1,40}$/)),
  detail: v.optional(boundedText(400)),
});

export function appendTaskEvent(doc: Y.Doc, type: TaskEventType, by: string, at: number, detail?: string): void {
  const event: TaskEvent = detail === undefined ? { at, by, type } : { at, by, type, detail };
  taskEvents(doc).push([event]);
}

/** The events, or null if any entry is malformed (a crafted update). */
export function readTaskEvents(doc: Y.Doc): TaskEvent[] | null {
  // Parsed once per stored entry (y-read.ts): the relay reads the whole list on every write.
  return readPlainArray(taskEvents(doc), TaskEventSchema);
}
