import { type Conversation, caseConversationId, caseThreadId, directConversationId } from '../model/conversation.ts';
import type { Task } from '../model/task.ts';
import { appended, type ChangeVerdict, type DocLookup, NO_LOOKUP, OK, refuse, same } from './change-verdict.ts';
import { type Person, type Principal, userPrincipal } from './principal.ts';
import { isIssuerSide, mayReportOn } from './task-access.ts';

/** A conversation is read by its current members only. */
export function conversationReaders(conv: Conversation): Principal[] {
  return conv.members.map((m) => userPrincipal(m.personId));
}

export function isConversationMember(person: Person, conv: Conversation): boolean {
  return conv.members.some((m) => m.personId === person.id);
}

export function mayPostInConversation(person: Person, conv: Conversation): boolean {
  return isConversationMember(person, conv);
}

function isOwner(person: Person, conv: Conversation): boolean {
  return conv.members.some((m) => m.personId === person.id && m.role === 'owner');
}

/**
 * Members post, mark their own reads and (in group and case conversations) add people; owners
 * also rename, remove others and appoint owners; anyone may leave. A direct conversation's two
 * members are fixed.
 */
export function checkConversationChange(
  person: Person,
  before: Conversation | null,
  after: Conversation | null,
  lookup: DocLookup = NO_LOOKUP,
): ChangeVerdict {
  if (after === null) return refuse('invalid_doc', 'Thay đổi này làm cuộc trao đổi thiếu thông tin hoặc không hợp lệ.');
  if (after.kind === 'case' && after.recipientId !== null) return checkThreadChange(person, before, after, lookup);
  if (before === null) {
    const created = checkCreation(person, after, lookup);
    // Then as a change from the conversation as its creator sets it up: members, no history.
    return created.ok ? checkChange(person, { ...after, messages: [], readMarkers: new Map() }, after) : created;
  }
  return checkChange(person, before, after);
}

/**
 * Ids are bound to what they name: a direct conversation's id is derived from its two members
 * and started by one of them; a case group's id from its task, started by someone on the task's
 * issuer side; a group's id names neither.
 */
function checkCreation(person: Person, conv: Conversation, lookup: DocLookup): ChangeVerdict {
  if (conv.createdBy !== person.id) return refuse('forbidden', 'Bạn chỉ được tạo cuộc trao đổi nhân danh chính mình.');
  if (!conv.members.some((m) => m.personId === person.id && m.role === 'owner')) {
    return refuse('forbidden', 'Người tạo cuộc trao đổi phải đồng thời là trưởng nhóm.');
  }
  if (conv.formerMembers.length > 0) return refuse('forbidden', 'Cuộc trao đổi mới tạo không được có thành viên cũ.');
  const reserved = conv.id.startsWith('dm-') || conv.id.startsWith('case-');
  switch (conv.kind) {
    case 'direct': {
      const [a, b, ...more] = conv.members.map((m) => m.personId);
      if (more.length > 0 || a === undefined || b === undefined || conv.id !== directConversationId(a, b)) {
        return refuse('forbidden', 'Cuộc trao đổi riêng chỉ gồm hai người, với mã được tạo từ chính hai người đó.');
      }
      return OK;
    }
    case 'case': {
      if (!conv.taskId || conv.id !== caseConversationId(conv.taskId)) {
        return refuse('forbidden', 'Mã của nhóm xử lý phải được tạo từ nhiệm vụ tương ứng.');
      }
      const task = lookup(`task/${conv.taskId}`) as Task | null;
      if (task === null) return refuse('forbidden', 'Nhiệm vụ của nhóm xử lý không tồn tại.');
      if (!isIssuerSide(person, task))
        return refuse('forbidden', 'Chỉ đơn vị giao việc mới được lập nhóm xử lý nhiệm vụ.');
      return OK;
    }
    case 'group':
      return reserved ? refuse('forbidden', 'Mã này dành cho cuộc trao đổi riêng hoặc nhóm xử lý.') : OK;
  }
}

/**
 * A case's thread with one recipient (model/conversation.ts `caseThreadId`) is the issuer's and
 * the recipient's: its id is bound to the task and the recipient, it always names the task's
 * issuer as its creator and owner, and whoever is on the issuer side or acts for the recipient
 * may start it or join it (adding themselves). So both sides starting it at once, offline,
 * write the same facts and merge: neither is refused.
 */
function checkThreadChange(
  person: Person,
  before: Conversation | null,
  after: Conversation,
  lookup: DocLookup,
): ChangeVerdict {
  const thread = after.recipientId ?? '';
  if (!after.taskId || after.id !== caseThreadId(after.taskId, thread)) {
    return refuse('forbidden', 'Mã của trao đổi riêng phải được tạo từ nhiệm vụ và nơi nhận tương ứng.');
  }
  if (before === null && after.formerMembers.length > 0) {
    return refuse('forbidden', 'Cuộc trao đổi mới tạo không được có thành viên cũ.');
  }
  const joining = before === null || !isConversationMember(person, before);
  if (joining) {
    const task = lookup(`task/${after.taskId}`) as Task | null;
    if (task === null) return refuse('forbidden', 'Nhiệm vụ của trao đổi riêng không tồn tại.');
    if (!task.assignments.some((a) => a.recipientId === thread)) {
      return refuse('forbidden', 'Nhiệm vụ không giao cho đơn vị hoặc người này.');
    }
    if (!isIssuerSide(person, task) && !mayReportOn(person, task, thread)) {
      return refuse(
        'forbidden',
        'Chỉ đơn vị giao việc và chính đơn vị nhận mới được tham gia trao đổi riêng về phần việc này.',
      );
    }
    const owned = after.members.some((m) => m.personId === task.issuerId && m.role === 'owner');
    if (after.createdBy !== task.issuerId || !owned) {
      return refuse('forbidden', 'Trao đổi riêng về một phần việc do người giao việc đứng tên lập.');
    }
    if (!isConversationMember(person, after)) return refuse('forbidden', 'Bạn chưa có trong trao đổi riêng này.');
  }
  // Then as a change from the thread as the person joins it: their own entry, no new history.
  const self = after.members.find((m) => m.personId === person.id);
  const base: Conversation =
    before === null
      ? { ...after, messages: [], readMarkers: new Map() }
      : joining && self
        ? { ...before, members: [...before.members, self] }
        : before;
  return checkChange(person, base, after);
}

function checkChange(person: Person, before: Conversation, after: Conversation): ChangeVerdict {
  if (!isConversationMember(person, before))
    return refuse('forbidden', 'Bạn không phải là thành viên của cuộc trao đổi này.');
  if (
    before.id !== after.id ||
    before.kind !== after.kind ||
    before.taskId !== after.taskId ||
    before.recipientId !== after.recipientId ||
    before.createdBy !== after.createdBy
  ) {
    return refuse('forbidden', 'Không được thay đổi mã, loại, nhiệm vụ gắn kèm hoặc người tạo của cuộc trao đổi.');
  }
  if (before.title !== after.title && before.kind !== 'case' && !isOwner(person, before)) {
    return refuse('forbidden', 'Chỉ trưởng nhóm mới được đổi tên cuộc trao đổi này.');
  }
  const verdict = checkMembers(person, before, after);
  if (!verdict.ok) return verdict;
  const added = appended(before.messages, after.messages, (m) => m.id);
  if (added === null) return refuse('forbidden', 'Không được sửa hoặc xóa tin nhắn đã gửi.');
  if (added.some((m) => m.by !== person.id))
    return refuse('forbidden', 'Bạn chỉ được gửi tin nhắn nhân danh chính mình.');
  for (const [who, marker] of after.readMarkers) {
    if (who !== person.id && !same(before.readMarkers.get(who), marker)) {
      return refuse('forbidden', 'Bạn chỉ được đánh dấu đã đọc cho chính mình.');
    }
  }
  for (const who of before.readMarkers.keys()) {
    if (!after.readMarkers.has(who) && who !== person.id) {
      return refuse('forbidden', 'Bạn chỉ được đánh dấu đã đọc cho chính mình.');
    }
  }
  return OK;
}

function checkMembers(person: Person, before: Conversation, after: Conversation): ChangeVerdict {
  if (same(before.members, after.members) && same(before.formerMembers, after.formerMembers)) return OK;
  if (before.kind === 'direct') return refuse('forbidden', 'Không được thay đổi thành viên của cuộc trao đổi riêng.');
  const owner = isOwner(person, before);
  for (const m of after.members) {
    const prior = before.members.find((b) => b.personId === m.personId);
    if (prior && prior.role === m.role) continue;
    if (m.role === 'owner' && !owner) return refuse('forbidden', 'Chỉ trưởng nhóm mới được chỉ định thêm trưởng nhóm.');
    if (prior && !owner) return refuse('forbidden', 'Chỉ trưởng nhóm mới được thay đổi vai trò của thành viên.');
  }
  for (const gone of after.formerMembers) {
    const wasMember = before.members.some((b) => b.personId === gone);
    if (wasMember && gone !== person.id && !owner)
      return refuse('forbidden', 'Chỉ trưởng nhóm mới được đưa người khác ra khỏi cuộc trao đổi.');
  }
  return OK;
}
