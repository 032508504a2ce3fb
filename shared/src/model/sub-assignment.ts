import * as v from 'valibot';
import type * as Y from 'yjs';
import { parseOrThrow } from '../validation/parse.ts';
import { boundedText, IdSchema, TimestampSchema } from '../validation/primitives.ts';
import { taskAssignments, taskChildren } from './task-doc.ts';
import { appendTaskEvent } from './task-event.ts';

/**
 * A link from an assignment to a child task: a recipient hands (part of) its work down, e.g. a
 * ward's chairman to one of its divisions. The child is its own document; the parent keeps the
 * link (keyed by the child's id, so two links never collide) and the child keeps `parent`.
 */
export interface SubAssignment {
  readonly childTaskId: string;
  readonly recipientId: string;
  readonly by: string;
  readonly at: number;
  /** The child's title when it was linked, so the parent can list it without opening it. */
  readonly title: string;
}

export const SubAssignmentSchema = v.object({
  childTaskId: IdSchema,
  recipientId: IdSchema,
  by: IdSchema,
  at: TimestampSchema,
  title: boundedText(500),
});

export function linkSubAssignment(doc: Y.Doc, link: SubAssignment): void {
  const valid = parseOrThrow(SubAssignmentSchema, link, 'sub-assignment');
  if (!taskAssignments(doc).has(valid.recipientId)) throw new Error(`no assignment for ${valid.recipientId}`);
  doc.transact(() => {
    taskChildren(doc).set(valid.childTaskId, { ...valid });
    appendTaskEvent(doc, 'sub_assigned', valid.by, valid.at, `${valid.recipientId}:${valid.childTaskId}`);
  });
}

export function readSubAssignments(doc: Y.Doc): SubAssignment[] | null {
  const out: SubAssignment[] = [];
  for (const [id, raw] of taskChildren(doc).entries()) {
    const parsed = v.safeParse(SubAssignmentSchema, raw);
    if (!parsed.success || parsed.output.childTaskId !== id) return null;
    out.push(parsed.output);
  }
  return out.sort((a, b) => a.at - b.at || (a.childTaskId < b.childTaskId ? -1 : 1));
}
