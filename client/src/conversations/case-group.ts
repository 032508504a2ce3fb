import { docId as makeDocId } from '@thongsuot/shared/ids';
import {
  addConversationMember,
  type Conversation,
  caseConversationId,
  caseThreadId,
  createCaseThread,
  createConversation,
  readConversation,
  removeConversationMember,
} from '@thongsuot/shared/model/conversation';
import type { Task } from '@thongsuot/shared/model/task';
import { RANKS } from '@thongsuot/shared/org/positions';
import type { DocRepository } from '../store/doc-repository.ts';
import type { LocalDb } from '../store/local-db.ts';

/** A case group larger than this is cut to the heads of the units (the model allows 5,000). */
const MAX_MEMBERS = 5_000;

export interface CaseTask {
  readonly taskId: string;
  readonly title: string;
  readonly issuerId: string;
  /** The recipient units. */
  readonly unitIds: readonly string[];
  readonly at: number;
}

/** The units among the recipients of assignments. */
export function unitRecipients(assignments: Task['assignments']): string[] {
  return assignments.filter((a) => a.recipientKind === 'unit').map((a) => a.recipientId);
}

/** The leaders (heads and deputies) of the units, as this device's directory lists them. */
export async function unitLeaders(db: LocalDb, unitIds: readonly string[]): Promise<string[]> {
  const officials = await db.officials
    .where('unitId')
    .anyOf([...unitIds])
    .toArray();
  const leaders = officials.filter((o) => o.rank !== undefined && o.rank <= RANKS.deputy);
  const chosen = leaders.length <= MAX_MEMBERS ? leaders : leaders.filter((o) => o.rank === RANKS.head);
  return [...new Set(chosen.map((o) => o.id))].sort();
}

/**
 * Creates the case group of a directive on the issuer's device, offline included: its issuer and
 * the recipient units' leaders. Its id comes from the task's, so it is created once; the relay
 * hands it to every member.
 */
export async function startCaseGroup(db: LocalDb, repository: DocRepository, task: CaseTask): Promise<string> {
  const id = caseConversationId(task.taskId);
  const docId = makeDocId('conv', id);
  const doc = await repository.open(docId);
  if (readConversation(doc) !== null) return docId;
  const leaders = await unitLeaders(db, task.unitIds);
  createConversation(doc, {
    id,
    kind: 'case',
    title: task.title.slice(0, 200),
    taskId: task.taskId,
    createdBy: task.issuerId,
    at: task.at,
    members: [task.issuerId, ...leaders.filter((l) => l !== task.issuerId)],
  });
  await repository.flushed();
  return docId;
}

export interface CaseGroupChanges {
  readonly add: string[];
  readonly remove: string[];
}

/**
 * What the case group must change to follow the task's recipients: add the leaders of units now
 * receiving it, remove those of units no longer receiving it (unless their unit still does).
 * People added to the group by hand stay.
 */
export function caseGroupChanges(
  conv: Pick<Conversation, 'members' | 'formerMembers'>,
  currentLeaders: readonly string[],
  removedLeaders: readonly string[],
): CaseGroupChanges {
  const members = new Set(conv.members.map((m) => m.personId));
  const current = new Set(currentLeaders);
  return {
    add: currentLeaders.filter((id) => !members.has(id)),
    remove: removedLeaders.filter((id) => members.has(id) && !current.has(id)),
  };
}

/**
 * Run on the issuer's devices whenever the task changes (case-group-keeper.ts, offline too): the
 * case group follows the recipients. Written as one change, or nothing when the group is already
 * in step; the issuer is never removed.
 */
export async function followRecipients(db: LocalDb, repository: DocRepository, task: Task, now: number): Promise<void> {
  const docId = makeDocId('conv', caseConversationId(task.id));
  const doc = await repository.open(docId);
  const conv = readConversation(doc);
  if (!conv || conv.createdBy !== task.issuerId) return;
  const [current, removed] = await Promise.all([
    unitLeaders(db, unitRecipients(task.assignments)),
    unitLeaders(db, unitRecipients(task.removedAssignments)),
  ]);
  const changes = caseGroupChanges(conv, current, removed);
  const { add } = changes;
  const remove = changes.remove.filter((id) => id !== task.issuerId);
  if (add.length === 0 && remove.length === 0) return;
  doc.transact(() => {
    for (const id of add) addConversationMember(doc, id, 'member', task.issuerId, now);
    for (const id of remove) removeConversationMember(doc, id, task.issuerId, now);
  });
}

export interface ThreadStart {
  readonly task: Pick<Task, 'id' | 'title' | 'issuerId' | 'assignments'>;
  readonly recipientId: string;
  /** Who starts it: someone of the issuer side, or someone acting for the recipient. */
  readonly by: string;
  readonly at: number;
}

/**
 * Opens the thread of a task's case with one recipient (docs/design.md §17), starting it on this
 * device (offline too) if nobody has yet, or joining it if the person is not in it: the issuer,
 * the recipient — the person, or the unit's leaders as this device's directory lists them — and
 * whoever started or joined it from either side. Nobody else is in it. Both sides starting it at
 * once write the same facts under the same id, and merge.
 */
export async function openRecipientThread(db: LocalDb, repository: DocRepository, start: ThreadStart): Promise<string> {
  const docId = makeDocId('conv', caseThreadId(start.task.id, start.recipientId));
  const doc = await repository.open(docId);
  const existing = readConversation(doc);
  if (existing) {
    if (!existing.members.some((m) => m.personId === start.by)) {
      addConversationMember(doc, start.by, 'member', start.by, start.at);
      await repository.flushed();
    }
    return docId;
  }
  const assignment = start.task.assignments.find((a) => a.recipientId === start.recipientId);
  if (!assignment) throw new Error(`task ${start.task.id} has no assignment for ${start.recipientId}`);
  const side =
    assignment.recipientKind === 'person' ? [assignment.recipientId] : await unitLeaders(db, [assignment.recipientId]);
  createCaseThread(doc, {
    taskId: start.task.id,
    recipientId: start.recipientId,
    title: start.task.title.slice(0, 200),
    issuerId: start.task.issuerId,
    writer: start.by,
    at: start.at,
    members: [...new Set([start.by, ...side])],
  });
  await repository.flushed();
  return docId;
}
