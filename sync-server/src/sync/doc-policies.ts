import {
  type Bulletin,
  bulletinReaders,
  type ChangeVerdict,
  type Conversation,
  type ConvLog,
  checkBulletinChange,
  checkConversationChange,
  checkConvLogChange,
  checkTaskChange,
  checkUnitPageChange,
  checkUserDocChange,
  cityUnits,
  conversationReaders,
  type DocKind,
  isConversationMember,
  logMatchesId,
  mayPublishBulletin,
  mayWriteTask,
  type Person,
  parseConvLogId,
  readBulletin,
  readConversation,
  readConvLog,
  readTask,
  readUnitPage,
  readUserDoc,
  type Task,
  taskReaders,
  type UnitPage,
  type UserDoc,
  unitPageReaders,
  userDocReaders,
} from '@thongsuot/shared';
import type * as Y from 'yjs';
import type { AuditEntry, DocProjection } from '../storage/doc-store.ts';

/**
 * What the relay needs to know about one kind of doc: how to project it, who may read it, and
 * whether a person may make a given change (DESIGN.md §4–§5). Kinds without a policy refuse
 * every write. Policies run inside the apply worker.
 */
export interface DocPolicy<P> {
  project(doc: Y.Doc): P | null;
  /** Whether the person may write to the doc at all: read-only members (watchers) may not. */
  mayWrite(person: Person, current: P): boolean;
  check(person: Person, before: P | null, after: P | null): ChangeVerdict;
  projection(after: P): DocProjection;
  audit(person: Person, docId: string, before: P | null, after: P): AuditEntry[];
  /** Whether the doc's content belongs under this id (without the kind); checked on every write. */
  matchesId?(after: P, id: string): boolean;
  /**
   * For kinds read and written by exactly the readers of another doc (a month of a
   * conversation's messages: its head `conv/<id>`): that doc's id, from this doc's id (without
   * the kind), or null when the id names none. The hub checks access against that doc, and the
   * store keeps this doc's readers equal to its readers (`DocWrite.parentId`); `projection`
   * then leaves `readers` empty.
   */
  parentOf?(id: string): string | null;
}

const taskPolicy: DocPolicy<Task> = {
  project: readTask,
  mayWrite: mayWriteTask,
  check: checkTaskChange,
  projection(task) {
    return {
      readers: taskReaders(task),
      task: {
        title: task.title,
        issuerId: task.issuerId,
        issuerUnitId: task.issuerUnitId,
        deadline: task.deadline,
        recipients: task.assignments.map((a) => a.recipientId),
      },
    };
  },
  audit(person, docId, before, after) {
    const recipients = (t: Task) => t.assignments.map((a) => a.recipientId).join(',');
    if (before === null) return [{ actorId: person.id, action: 'task.assign', docId, detail: recipients(after) }];
    const entries: AuditEntry[] = [];
    if (before.deadline !== after.deadline) {
      entries.push({ actorId: person.id, action: 'task.deadline', docId, detail: after.deadline });
    }
    if (recipients(before) !== recipients(after)) {
      entries.push({ actorId: person.id, action: 'task.recipients', docId, detail: recipients(after) });
    }
    return entries;
  },
};

const conversationPolicy: DocPolicy<Conversation> = {
  project: readConversation,
  mayWrite: isConversationMember,
  check: checkConversationChange,
  projection(conv) {
    return {
      readers: conversationReaders(conv),
      conversation: { members: conv.members.map((m) => ({ personId: m.personId, role: m.role })) },
    };
  },
  audit(person, docId, before, after) {
    const ids = (c: Conversation) => c.members.map((m) => m.personId).join(',');
    if (before === null) return [{ actorId: person.id, action: 'conv.create', docId, detail: ids(after) }];
    if (ids(before) !== ids(after)) return [{ actorId: person.id, action: 'conv.members', docId, detail: ids(after) }];
    return [];
  },
};

const convLogPolicy: DocPolicy<ConvLog> = {
  project: readConvLog,
  // Who may write at all (the members of the conversation) is checked by the hub, on the head.
  mayWrite: () => true,
  check: checkConvLogChange,
  projection: () => ({ readers: [] }),
  audit: (person, docId, before) =>
    before === null ? [{ actorId: person.id, action: 'convlog.create', docId, detail: null }] : [],
  matchesId: logMatchesId,
  parentOf(id) {
    const log = parseConvLogId(id);
    return log ? `conv/${log.convId}` : null;
  },
};

const unitPagePolicy: DocPolicy<UnitPage> = {
  project: readUnitPage,
  // Anyone may publish their own keys; what else they may change is checkUnitPageChange's call.
  mayWrite: () => true,
  check: checkUnitPageChange,
  projection: (page) => ({ readers: unitPageReaders(page) }),
  audit: (person, docId, before) =>
    before === null ? [{ actorId: person.id, action: 'unit.create', docId, detail: null }] : [],
};

const userDocPolicy: DocPolicy<UserDoc> = {
  project: readUserDoc,
  mayWrite: (person, doc) => doc.id === person.id,
  check: checkUserDocChange,
  projection: (doc) => ({ readers: userDocReaders(doc) }),
  audit: () => [],
};

/** Audiences by kind of unit ("every ward and commune") resolve against the city's structure. */
const CITY_UNITS = cityUnits();
const unitsByKind = {
  unitIdsOfKind: (kind: string) => CITY_UNITS.filter((u) => u.kind === kind).map((u) => u.id),
};

const bulletinPolicy: DocPolicy<Bulletin> = {
  project: readBulletin,
  mayWrite: mayPublishBulletin,
  check: checkBulletinChange,
  projection: (bulletin) => ({ readers: bulletinReaders(bulletin, unitsByKind) }),
  audit(person, docId, before, after) {
    const known = new Set(before?.announcements.map((a) => a.id));
    return after.announcements
      .filter((a) => !known.has(a.id))
      .map((a) => ({ actorId: person.id, action: 'bulletin.publish', docId, detail: a.id }));
  },
};

export const DOC_POLICIES: Partial<Record<DocKind, DocPolicy<unknown>>> = {
  task: taskPolicy as DocPolicy<unknown>,
  conv: conversationPolicy as DocPolicy<unknown>,
  convlog: convLogPolicy as DocPolicy<unknown>,
  unit: unitPagePolicy as DocPolicy<unknown>,
  user: userDocPolicy as DocPolicy<unknown>,
  bulletin: bulletinPolicy as DocPolicy<unknown>,
};
