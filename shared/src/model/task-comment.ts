import * as v from 'valibot';
import type * as Y from 'yjs';
import { parseOrThrow } from '../validation/parse.ts';
import { boundedText, IdSchema, TimestampSchema } from '../validation/primitives.ts';
import { AttachmentListSchema, type AttachmentRef } from './attachment.ts';
import { taskComments } from './task-doc.ts';
import { appendTaskEvent } from './task-event.ts';
import { readPlainArray } from './y-read.ts';

/** A comment on a task. Appended, never edited, like a minute in the file. */
export interface TaskComment {
  readonly id: string;
  readonly by: string;
  readonly at: number;
  readonly text: string;
  readonly replyTo?: string;
  readonly attachments?: readonly AttachmentRef[];
}

export const TaskCommentSchema = v.object({
  id: IdSchema,
  by: IdSchema,
  at: TimestampSchema,
  text: boundedText(10_000),
  replyTo: v.optional(IdSchema),
  attachments: v.optional(AttachmentListSchema),
});

export function addTaskComment(doc: Y.Doc, comment: TaskComment): void {
  const valid = parseOrThrow(TaskCommentSchema, comment, 'comment');
  if (valid.text.trim() === '' && (valid.attachments ?? []).length === 0)
    throw new Error('a comment needs text or a file');
  doc.transact(() => {
    taskComments(doc).push([{ ...valid }]);
    appendTaskEvent(doc, 'commented', valid.by, valid.at, valid.id);
  });
}

export function readTaskComments(doc: Y.Doc): TaskComment[] | null {
  // Parsed once per stored entry (y-read.ts): the relay reads the whole list on every write.
  return readPlainArray(taskComments(doc), TaskCommentSchema);
}
