import { leadsUnit } from '@thongsuot/shared/access/capabilities';
import type { Person } from '@thongsuot/shared/access/principal';
import { docId as makeDocId, newId } from '@thongsuot/shared/ids';
import { linkSubAssignment } from '@thongsuot/shared/model/sub-assignment';
import { type NewTask, readTask } from '@thongsuot/shared/model/task';
import type { DocRepository } from '../store/doc-repository.ts';
import type { LocalDb } from '../store/local-db.ts';
import { createDirective } from '../tasks/create-directive.ts';
import { monitorsOf } from '../tasks/sub-assign.ts';
import { unitRecipients } from './case-group.ts';
import { sendMessage } from './conversation-actions.ts';

/** As the directive form allows. */
const MAX_TITLE = 500;

/** What the directive form starts with when a task is assigned from a conversation. */
export interface DirectivePrefill {
  readonly convDocId: string;
  readonly title: string;
  readonly unitIds: readonly string[];
  /**
   * In the case group of a task the person's unit received, and they lead it: the new task is
   * handed down from that assignment (linked both ways, as a cascade).
   */
  readonly parent?: { readonly taskId: string; readonly recipientId: string; readonly title: string };
}

/**
 * The form's starting point from a conversation: the title from the text the person selected,
 * else the last message; the recipients of the case's task for its issuer (or anyone else who
 * may assign), or a hand-down from the case's task for a leader of one of its recipient units.
 * Everything can still be changed in the form.
 */
export async function prefillFromConversation(
  db: LocalDb,
  repository: DocRepository,
  convDocId: string,
  me: Person,
  selected = '',
): Promise<DirectivePrefill | null> {
  const row = await db.conversations.get(convDocId);
  if (!row) return null;
  const title = (selected.trim() || row.lastText).replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE);
  const task = row.taskId ? readTask(await repository.open(makeDocId('task', row.taskId))) : null;
  if (!task) return { convDocId, title, unitIds: [] };
  const units = unitRecipients(task.assignments);
  if (task.issuerId !== me.id && units.includes(me.unitId) && leadsUnit(me, me.unitId)) {
    return { convDocId, title, unitIds: [], parent: { taskId: task.id, recipientId: me.unitId, title: task.title } };
  }
  return { convDocId, title, unitIds: units.filter((id) => id !== me.unitId) };
}

export interface AssignedFromConversation {
  readonly prefill: DirectivePrefill;
  readonly directive: Omit<NewTask, 'id' | 'parent'>;
  /** The message posted into the conversation, with a link to the new task. */
  readonly message: string;
}

/**
 * Writes the directive on the device (offline too), links it under the parent assignment for a
 * hand-down, and posts a message referencing it into the conversation. Returns the task's doc id.
 */
export async function assignFromConversation(
  repository: DocRepository,
  input: AssignedFromConversation,
  ids: { readonly taskId: string; readonly messageId: string } = { taskId: newId(), messageId: newId() },
): Promise<string> {
  const { prefill, directive } = input;
  const parentDoc = prefill.parent ? await repository.open(makeDocId('task', prefill.parent.taskId)) : null;
  const parentTask = parentDoc ? readTask(parentDoc) : null;
  const parent =
    prefill.parent && parentTask
      ? { taskId: parentTask.id, recipientId: prefill.parent.recipientId, monitors: monitorsOf(parentTask) }
      : undefined;
  const taskDocId = await createDirective(
    repository,
    {
      ...directive,
      // A handed-down task keeps the origin of its parent (shared/access/task-change.ts).
      ...(parent && parentTask ? { parent, sourceLevel: parentTask.sourceLevel } : {}),
    },
    ids.taskId,
  );
  const taskId = taskDocId.slice('task/'.length);
  if (parentDoc && parent && !parentTask?.subAssignments.some((s) => s.childTaskId === taskId)) {
    linkSubAssignment(parentDoc, {
      childTaskId: taskId,
      recipientId: parent.recipientId,
      by: directive.issuerId,
      at: directive.at,
      title: directive.title,
    });
  }
  await sendMessage(repository, prefill.convDocId, {
    id: ids.messageId,
    me: directive.issuerId,
    text: input.message,
    taskId,
    now: directive.at,
  });
  await repository.flushed();
  return taskDocId;
}
