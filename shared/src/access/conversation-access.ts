import type { Conversation } from '../model/conversation.ts';
import { appended, type ChangeVerdict, OK, refuse, same } from './change-verdict.ts';
import { type Person, type Principal, userPrincipal } from './principal.ts';

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
): ChangeVerdict {
  if (after === null) return refuse('invalid_doc', 'The update leaves the conversation incomplete or invalid.');
  if (before === null) {
    if (after.createdBy !== person.id)
      return refuse('forbidden', 'A conversation can only be started in your own name.');
    return OK;
  }
  if (!isConversationMember(person, before)) return refuse('forbidden', 'You are not a member of this conversation.');
  if (
    before.id !== after.id ||
    before.kind !== after.kind ||
    before.taskId !== after.taskId ||
    before.createdBy !== after.createdBy
  ) {
    return refuse('forbidden', 'What a conversation is cannot be changed.');
  }
  if (before.title !== after.title && before.kind !== 'case' && !isOwner(person, before)) {
    return refuse('forbidden', 'Only an owner may rename this conversation.');
  }
  const verdict = checkMembers(person, before, after);
  if (!verdict.ok) return verdict;
  const added = appended(before.messages, after.messages, (m) => m.id);
  if (added === null) return refuse('forbidden', 'Messages cannot be changed or removed.');
  if (added.some((m) => m.by !== person.id)) return refuse('forbidden', 'You may only post in your own name.');
  for (const [who, marker] of after.readMarkers) {
    if (who !== person.id && !same(before.readMarkers.get(who), marker)) {
      return refuse('forbidden', 'You may only mark your own messages read.');
    }
  }
  return OK;
}

function checkMembers(person: Person, before: Conversation, after: Conversation): ChangeVerdict {
  if (same(before.members, after.members) && same(before.formerMembers, after.formerMembers)) return OK;
  if (before.kind === 'direct') return refuse('forbidden', 'The members of a direct conversation are fixed.');
  const owner = isOwner(person, before);
  for (const m of after.members) {
    const prior = before.members.find((b) => b.personId === m.personId);
    if (prior && prior.role === m.role) continue;
    if (m.role === 'owner' && !owner) return refuse('forbidden', 'Only an owner may appoint owners.');
    if (prior && !owner) return refuse('forbidden', 'Only an owner may change a member’s role.');
  }
  for (const gone of after.formerMembers) {
    const wasMember = before.members.some((b) => b.personId === gone);
    if (wasMember && gone !== person.id && !owner) return refuse('forbidden', 'Only an owner may remove others.');
  }
  return OK;
}
