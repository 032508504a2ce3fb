import {
  assignmentRows,
  type Bulletin,
  bulletinReaders,
  type ChangeVerdict,
  type Conversation,
  type ConvLogHead,
  checkBulletinChange,
  checkConversationChange,
  checkConvLogAppend,
  checkTaskChange,
  checkUnitPageChange,
  checkUserDocChange,
  cityUnits,
  conversationReaders,
  DOC_LAYOUTS,
  type DocKind,
  type DocLayout,
  type DocLookup,
  isConversationMember,
  logMatchesId,
  mayPublishBulletin,
  mayWriteTask,
  type Person,
  parseConvLogId,
  readBulletin,
  readConversation,
  readConvLogHeadForRelay,
  readTask,
  readUnitPage,
  readUserDoc,
  receiptLookup,
  same,
  type Task,
  taskFacts,
  taskReaders,
  type UnitPage,
  type UserDoc,
  unitPageReaders,
  userDocReaders,
} from '@thongsuot/shared';
import type * as Y from 'yjs';
import type { AuditEntry, DocProjection } from '../storage/doc-store.ts';
import { dashPolicy } from './dash-policy.ts';
import { dossierPolicy } from './dossier-policy.ts';

/**
 * What the relay needs to know about one kind of doc: how to project it, who may read it, and
 * whether a person may make a given change (docs/design.md §4–§5). Kinds without a policy refuse
 * every write. Policies run inside the apply worker.
 */
export interface DocPolicy<P> {
  /** What the doc may contain, root by root: checked on every write's transaction (write-inspection.ts). */
  readonly layout: DocLayout;
  project(doc: Y.Doc): P | null;
  /** Whether the person may write to the doc at all: read-only members (watchers) may not. */
  mayWrite(person: Person, current: P): boolean;
  /**
   * May this person turn `before` into `after`? `before` is null when the write creates the doc:
   * creation is checked as a change from the empty doc. `lookup` gives the facts of the docs
   * `references` named (null for a doc that does not exist).
   */
  check(
    person: Person,
    before: P | null,
    after: P,
    lookup: DocLookup,
    /** What the write appended to each append-only list, as its transaction shows it. */
    appended: ReadonlyMap<string, readonly unknown[]>,
  ): ChangeVerdict;
  /** `doc` is the doc after the write and the relay's receipts for it (docs/design.md §11, §14). */
  projection(after: P, doc: Y.Doc): DocProjection;
  audit(person: Person, docId: string, before: P | null, after: P): AuditEntry[];
  /** Whether the doc's content belongs under this id (without the kind); checked on every write. */
  matchesId(after: P, id: string): boolean;
  /** Other docs (ids with kind) the check of this change needs facts of; at most four. */
  references?(before: P | null, after: P): readonly string[];
  /** What the checks of other docs may know of this one: small, plain, read-only. */
  facts?(current: P): unknown;
  /** When the doc came to be, by its creator's device: no entry in it may be dated earlier. */
  bornAt?(current: P): number;
  /**
   * For kinds read and written by exactly the readers of another doc (a month of a
   * conversation's messages: its head `conv/<id>`): that doc's id, from this doc's id (without
   * the kind), or null when the id names none. The hub checks access against that doc, and the
   * store keeps this doc's readers equal to its readers (`DocWrite.parentId`); `projection`
   * then leaves `readers` empty.
   */
  parentOf?(id: string): string | null;
  /**
   * Whether someone who cannot read the doc yet may still write to it, to join it — the check
   * then decides whether they may (a case's thread with one recipient: the issuer side and the
   * recipient's people join it themselves). Refused writes reveal nothing of the doc.
   */
  joinable?(id: string): boolean;
}

const layout = (kind: DocKind): DocLayout => {
  const found = DOC_LAYOUTS[kind];
  if (!found) throw new Error(`no layout for ${kind}`);
  return found;
};

const taskPolicy: DocPolicy<Task> = {
  layout: layout('task'),
  project: readTask,
  mayWrite: mayWriteTask,
  check: checkTaskChange,
  matchesId: (task, id) => task.id === id,
  references: (before, after) => (before === null && after.parent ? [`task/${after.parent.taskId}`] : []),
  facts: taskFacts,
  bornAt: (task) => task.createdAt,
  projection(task, doc) {
    return {
      readers: taskReaders(task),
      task: {
        title: task.title,
        issuerId: task.issuerId,
        issuerUnitId: task.issuerUnitId,
        deadline: task.deadline,
        recipients: task.assignments.map((a) => a.recipientId),
        // The assignment index of the leaders' figures (docs/design.md §14), with relay times.
        assignments: { upsert: assignmentRows(task, receiptLookup(doc)), remove: [] },
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
    // Each recipient's stage, and extension requests and their approval or refusal (the audit
    // viewer's "approvals and refusals", docs/operations.md).
    const statusOf = new Map(before.assignments.map((a) => [a.recipientId, a.status]));
    for (const a of after.assignments) {
      const was = statusOf.get(a.recipientId);
      if (was !== undefined && was !== a.status) {
        entries.push({ actorId: person.id, action: `task.status.${a.status}`, docId, detail: a.recipientId });
      }
    }
    const decided = new Map(before.extensionRequests.map((r) => [r.id, r.decision]));
    for (const r of after.extensionRequests) {
      if (!decided.has(r.id)) {
        entries.push({
          actorId: person.id,
          action: 'task.extension.request',
          docId,
          detail: `${r.recipientId}:${r.proposedDeadline}`,
        });
      } else if (!decided.get(r.id) && r.decision) {
        entries.push({
          actorId: person.id,
          action: `task.extension.${r.decision.outcome}`,
          docId,
          detail: r.recipientId,
        });
      }
    }
    return entries;
  },
};

/** Whether someone is a member after a write who was not before. */
function joined(before: Conversation, after: Conversation): boolean {
  const was = new Set(before.members.map((m) => m.personId));
  return after.members.some((m) => !was.has(m.personId));
}

const conversationPolicy: DocPolicy<Conversation> = {
  layout: layout('conv'),
  project: readConversation,
  // A case's thread is joined by writing to it; checkConversationChange decides who may.
  mayWrite: (person, conv) => isConversationMember(person, conv) || (conv.kind === 'case' && conv.recipientId !== null),
  joinable: (id) => /^case-.+-[0-9a-f]{16}$/.test(id),
  check: checkConversationChange,
  matchesId: (conv, id) => conv.id === id,
  bornAt: (conv) => conv.createdAt,
  // A case group's creation, and a thread's creation or someone joining it, are checked against the
  // task; a read marker or a title change (most writes) needs no lookup.
  references: (before, after) =>
    after.kind === 'case' && after.taskId && (before === null || (after.recipientId !== null && joined(before, after)))
      ? [`task/${after.taskId}`]
      : [],
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

/**
 * A month of messages is projected without its messages and checked by the messages a write
 * appends: the transaction inspection has already refused anything but appends in the writer's
 * name, so the check costs what the write added, not the month (docs/design.md §11).
 */
const convLogPolicy: DocPolicy<ConvLogHead> = {
  layout: layout('convlog'),
  project: readConvLogHeadForRelay,
  // Who may write at all (the members of the conversation) is checked by the hub, on the head.
  mayWrite: () => true,
  check: (person, before, after, _lookup, appended) =>
    checkConvLogAppend(person, before, after, appended.get('messages') ?? []),
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
  layout: layout('unit'),
  project: readUnitPage,
  // Anyone may publish their own keys; what else they may change is checkUnitPageChange's call.
  mayWrite: () => true,
  check: checkUnitPageChange,
  matchesId: (page, id) => page.unit.id === id,
  // What an official document's check reads of its unit (docs/design.md §18): who is its clerk
  // and signer, who its active people are (a review chain is theirs) and their published keys.
  facts: (page) => ({
    name: page.unit.name,
    roles: page.roles,
    people: page.people.filter((p) => p.active).map((p) => p.id),
    keys: page.publicKeys,
  }),
  projection: (page) => ({ readers: unitPageReaders(page) }),
  audit: unitPageAudit,
};

/**
 * Who changed what on a directory page: its entries name no author of their own (an admin fixing
 * a phone number edits the person's entry), so the relay's audit log names the editor of each
 * changed person, the unit's facts, divisions, admins and keys (docs/security.md).
 */
function unitPageAudit(person: Person, docId: string, before: UnitPage | null, after: UnitPage): AuditEntry[] {
  const entry = (action: string, detail: string | null): AuditEntry => ({ actorId: person.id, action, docId, detail });
  if (before === null) return [entry('unit.create', null)];
  const out: AuditEntry[] = [];
  if (!same(before.unit, after.unit)) out.push(entry('unit.facts', null));
  for (const id of changedIds(before.people, after.people, (x) => x.id)) out.push(entry('unit.person', id));
  for (const id of changedIds(before.divisions, after.divisions, (x) => x.id)) out.push(entry('unit.division', id));
  for (const id of changedIds(before.admins, after.admins, (x) => x)) out.push(entry('unit.admin', id));
  for (const id of changedIds(before.roles, after.roles, (r) => `${r.personId}/${r.role}`))
    out.push(entry('unit.role', id));
  for (const id of changedIds(before.publicKeys, after.publicKeys, (k) => `${k.personId}/${k.keyId}`)) {
    out.push(entry('unit.key', id));
  }
  return out;
}

/** The ids of entries added, removed or changed between two lists, sorted. */
function changedIds<T>(before: readonly T[], after: readonly T[], id: (x: T) => string): string[] {
  const old = new Map(before.map((x) => [id(x), x]));
  const now = new Map(after.map((x) => [id(x), x]));
  return [...new Set([...old.keys(), ...now.keys()])].filter((k) => !same(old.get(k), now.get(k))).sort();
}

const userDocPolicy: DocPolicy<UserDoc> = {
  layout: layout('user'),
  project: readUserDoc,
  mayWrite: (person, doc) => doc.id === person.id,
  check: checkUserDocChange,
  matchesId: (doc, id) => doc.id === id,
  // Only when each pending reminder falls due, never its text: enough to wake the person's
  // devices (docs/design.md §16). A snooze moves `dueAt`, "done" drops the row.
  projection: (doc) => ({
    readers: userDocReaders(doc),
    reminders: {
      personId: doc.id,
      due: doc.reminders.filter((r) => !r.done).map((r) => ({ id: r.id, dueAt: r.dueAt })),
    },
  }),
  audit: () => [],
};

/** Audiences by kind of unit ("every ward and commune") resolve against the city's structure. */
const CITY_UNITS = cityUnits();
const unitsByKind = {
  unitIdsOfKind: (kind: string) => CITY_UNITS.filter((u) => u.kind === kind).map((u) => u.id),
};

const bulletinPolicy: DocPolicy<Bulletin> = {
  layout: layout('bulletin'),
  project: readBulletin,
  mayWrite: mayPublishBulletin,
  check: checkBulletinChange,
  matchesId: (bulletin, id) => bulletin.unitId === id,
  projection: (bulletin) => ({ readers: bulletinReaders(bulletin, unitsByKind) }),
  audit(person, docId, before, after) {
    const known = new Set(before?.announcements.map((a) => a.id));
    return after.announcements
      .filter((a) => !known.has(a.id))
      .map((a) => ({ actorId: person.id, action: 'bulletin.publish', docId, detail: a.id }));
  },
};

export const DOC_POLICIES: Partial<Record<DocKind, DocPolicy<unknown>>> = {
  dash: dashPolicy as DocPolicy<unknown>,
  dossier: dossierPolicy as DocPolicy<unknown>,
  task: taskPolicy as DocPolicy<unknown>,
  conv: conversationPolicy as DocPolicy<unknown>,
  convlog: convLogPolicy as DocPolicy<unknown>,
  unit: unitPagePolicy as DocPolicy<unknown>,
  user: userDocPolicy as DocPolicy<unknown>,
  bulletin: bulletinPolicy as DocPolicy<unknown>,
};
