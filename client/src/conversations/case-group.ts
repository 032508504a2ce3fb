import { docId as makeDocId } from '@thongsuot/shared/ids';
import {
  addConversationMember,
  type Conversation,
  caseConversationId,
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
