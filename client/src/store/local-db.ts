import type { AttachmentRef } from '@thongsuot/shared/model/attachment';
import Dexie, { type Table } from 'dexie';
import type { DossierRow } from '../documents/dossier-row.ts';
import { inboxKeysOf } from '../inbox/inbox-keys.ts';
import { localDbName } from './db-name.ts';
import type { IntentRow } from './intents.ts';

/** One stored Yjs update of a doc; a doc is the merge of its rows. */
export interface StoredUpdate {
  id?: number;
  docId: string;
  data: Uint8Array;
  // v4 (directory issue), on the one row of a doc stored whole by a bulk download: what the sync
  // needs without decoding the doc (the directory's pages hold 50,000 people).
  /** The doc's state vector. */
  stateVector?: Uint8Array;
  /** What the server sends when this device already has everything: no structs, the whole delete set. */
  upToDate?: Uint8Array;
}

/** A local change the server has not yet acknowledged as on disk. `ref` is sent with it. */
export interface OutboxEntry {
  ref?: number;
  docId: string;
  data: Uint8Array;
  createdAt: number;
}

/** Query-shaped projection of a task doc, for lists (docs/design.md §6). Rebuilt from the doc. */
export interface TaskRow {
  docId: string;
  title: string;
  deadline: string;
  issuerId: string;
  issuerUnitId: string;
  recipientIds: string[];
  /** Status of each assignment, in recipient order. */
  statuses: string[];
  /** normal | urgent | flash (thường, khẩn, hỏa tốc); absent on rows written before v2. */
  priority?: string;
  createdAt: number;
  // v3 (tasks issue): what the inbox, the views and the roll-up read without opening the doc.
  /** Where the directive comes from (org/source-level.ts). */
  sourceLevel?: string;
  /** The parent task's doc id, for a task handed down from another. */
  parentId?: string;
  /** Each assignment's deadline (an approved extension moves it), in recipient order. */
  deadlines?: string[];
  /** Each assignment's latest reported percent, -1 before any report, in recipient order. */
  percents?: number[];
  /** Recipients with an extension request awaiting a decision. */
  extensionsPending?: string[];
  /** Doc ids of the tasks handed down from this one. */
  childIds?: string[];
  /** `<who>|<kind>|<sort key>` for everything awaiting someone (inbox/inbox-keys.ts). */
  inboxKeys?: string[];
  // v6 (notifications): decided extension requests, for the recipient's notification center.
  decisions?: { requestId: string; recipientId: string; outcome: string; at: number }[];
  /**
   * v9: how many of this doc's changes wait in the outbox, written in the same IndexedDB
   * transactions as the outbox (a change stored, an ack, a refusal), so a card's "on this device
   * only / saved on the server" comes from the row it renders and can never run ahead of the
   * outbox. Absent on rows written before v9: unknown.
   */
  waiting?: number;
  /** v9 (attachments): every file the task references, to fetch those of open work in the background. */
  attachments?: AttachmentRef[];
}

/** A personal reminder as this device schedules it: the user doc's reminder plus local firing state. */
export interface ReminderRow {
  id: string;
  text: string;
  dueAt: number;
  done: boolean;
  taskId?: string;
  /** The `dueAt` this device last fired for; a snooze moves `dueAt`, which re-arms it. */
  firedFor?: number;
}

export interface DirectoryUnitRow {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  // v4 (directory issue): the rest of the unit's page (`unit/<id>` doc), for the unit page offline.
  address?: string;
  phone?: string;
  email?: string;
  divisions?: { id: string; name: string; order: number }[];
  /** The unit's directory admins. */
  admins?: string[];
  /** How many people the page lists. */
  people?: number;
  /** Its clerks (văn thư), who register and issue its documents (roles on its page). */
  clerks?: string[];
  /** The unit it was merged into (an administrator's merge): it takes no new work. */
  mergedInto?: string;
}

export interface DirectoryOfficialRow {
  id: string;
  fullName: string;
  position: string;
  unitId: string;
  phone: string;
  email: string;
  /** Folded words of the name (no diacritics); rows from the unit docs (v4) leave it out. */
  searchWords?: string[];
  // v4 (directory issue): projected from the unit's page; search is in memory (directory/people-index.ts).
  /** 1 = head of the unit (org/positions.ts). */
  rank?: number;
  positionId?: string;
  divisionId?: string;
  /** Published signing keys (model/public-key.ts), revoked ones included. */
  keys?: { keyId: string; algorithm: string; spki: string; at: number; revokedAt?: number }[];
}

/** v5 (conversations issue): the list row of a conversation doc (conversations/conv-projection.ts). */
export interface ConversationRow {
  docId: string;
  kind: string;
  title: string;
  taskId?: string;
  /** A case thread's recipient (unit or person): the case's exchange with that recipient alone. */
  recipientId?: string;
  /** Current members. */
  memberIds: string[];
  createdBy: string;
  /** Time of the last message (of the creation while there is none). */
  lastAt: number;
  lastText: string;
  lastBy: string;
  messageCount: number;
  /** Per current member: messages by others after their read marker. */
  unread: Record<string, number>;
  /** v6 (notifications): the latest messages holding an `@`, text folded, to find mentions of a member. */
  atMessages?: AtMessage[];
  // v8 (conversations by month): what the row is recomputed from when one month's log changes.
  /** When the conversation was started. */
  createdAt?: number;
  /** Each member's read marker, as in the head doc. */
  markers?: Record<string, { messageId: string; at: number; period?: string }>;
}

/** A message holding an `@` or naming people, kept to find mentions (notifications/). */
export interface AtMessage {
  id: string;
  by: string;
  at: number;
  folded: string;
  /** v8: the people the writer called on, by id (absent on older messages: match the name). */
  mentions?: string[];
}

/**
 * v8 (conversations by month): one month's log of a conversation (`convlog/<convId>_<period>`),
 * or the messages its head doc held before the logs (`conv/<convId>`, period ''). Written in the
 * transaction of the log's update; the view reads it to know which months exist.
 */
export interface ConvLogRow {
  docId: string;
  convId: string;
  period: string;
  count: number;
  /** How many messages each person wrote in the month. */
  byAuthor: Record<string, number>;
  last: { id: string; by: string; at: number; text: string } | null;
  atMessages: AtMessage[];
}

/** v8: the order of a month's messages, to count what follows a read marker without the doc. */
export interface ConvLogOrderRow {
  docId: string;
  ids: string[];
  authors: string[];
}

/** v6 (notifications): a notification this device's person has opened or marked read. */
export interface NotificationReadRow {
  id: string;
  at: number;
}

/** v5 (conversations issue): one announcement of a unit's bulletin (conversations/bulletin-projection.ts). */
export interface AnnouncementRow {
  /** `<unitId>/<announcementId>` */
  key: string;
  unitId: string;
  id: string;
  title: string;
  body: string;
  importance: string;
  /** Who is notified: { kind: 'all' } | { kind: 'units', unitIds } | { kind: 'unit_kinds', unitKinds }. */
  audience: { kind: string; unitIds?: string[]; unitKinds?: string[] };
  by: string;
  at: number;
  until?: string;
  withdrawnAt: number | null;
}

/**
 * v9 (attachments): a file's bytes on this device, addressed by SHA-256 (attachments/). A file
 * this device attached stays until the server holds it (`onServer` 1); after that, and for every
 * file downloaded, it is a cache entry evicted least recently used first under the budget.
 */
export interface BlobRow {
  sha256: string;
  data: Blob;
  size: number;
  /** As the device saw it (the server sniffs the real type). */
  mimeType: string;
  name: string;
  /** 1 once the server has acknowledged holding the whole file (upload finished or downloaded from it). */
  onServer: 0 | 1;
  /** A small preview of an image, made on the device. */
  thumb?: Blob;
  lastUsedAt: number;
}

/** v9: an attachment waiting to be uploaded (the outbox of files). Removed once the server holds it. */
export interface UploadRow {
  sha256: string;
  createdAt: number;
  /** The tus upload's URL once created, to resume where it stopped (also after a restart). */
  uploadUrl?: string;
  /** Bytes the server had at the last report. */
  sent: number;
  attempts: number;
  /** Why the last attempt failed, in the person's words. */
  lastError?: string;
  /** The server refused the file for good (too large, over the day's allowance): not retried until changed. */
  refused?: boolean;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

/**
 * The device's store for one signed-in person. One database per person, so signing out
 * deletes exactly that person's data.
 */
export class LocalDb extends Dexie {
  updates!: Table<StoredUpdate, number>;
  outbox!: Table<OutboxEntry, number>;
  tasks!: Table<TaskRow, string>;
  units!: Table<DirectoryUnitRow, string>;
  officials!: Table<DirectoryOfficialRow, string>;
  meta!: Table<MetaRow, string>;
  reminders!: Table<ReminderRow, string>;
  conversations!: Table<ConversationRow, string>;
  announcements!: Table<AnnouncementRow, string>;
  notificationReads!: Table<NotificationReadRow, string>;
  convLogs!: Table<ConvLogRow, string>;
  convLogOrders!: Table<ConvLogOrderRow, string>;
  blobs!: Table<BlobRow, string>;
  uploads!: Table<UploadRow, string>;
  intents!: Table<IntentRow, string>;
  dossiers!: Table<DossierRow, string>;

  constructor(userId: string) {
    super(LocalDb.nameFor(userId));
    this.version(1).stores({
      updates: '++id, docId',
      outbox: '++ref, docId',
      tasks: 'docId, deadline, issuerId, *recipientIds, createdAt',
      units: 'id, kind',
      officials: 'id, unitId',
      meta: 'key',
    });
    // v2: search people by any word of their name, typed with or without diacritics.
    this.version(2).stores({ officials: 'id, unitId, *searchWords' });
    // v3: the inbox by what awaits whom, views by origin and parent; reminders to fire on this device.
    this.version(3)
      .stores({
        tasks: 'docId, deadline, issuerId, *recipientIds, createdAt, sourceLevel, parentId, *inboxKeys',
        reminders: 'id, dueAt',
      })
      .upgrade((tx) =>
        // Rows written before v3 get their inbox keys from what they hold; the next change to the
        // doc projects it in full (extensions, per-recipient deadlines, urges).
        tx
          .table<TaskRow>('tasks')
          .toCollection()
          .modify((row) => {
            row.inboxKeys = inboxKeysOf({
              issuerId: row.issuerId,
              deadline: row.deadline,
              recipients: row.recipientIds.map((id, i) => ({
                id,
                status: row.statuses[i] ?? 'received',
                deadline: row.deadline,
                urgedAt: 0,
              })),
              extensionsPending: [],
            });
          }),
      );
    // v4: officials come from the unit docs and are searched in memory: the word index goes.
    this.version(4).stores({ officials: 'id, unitId' });
    // v5: conversations listed by their last message and found by member; announcements by time.
    this.version(5).stores({ conversations: 'docId, lastAt, *memberIds', announcements: 'key, unitId, at' });
    // v6: what was read in the notification center (notifications/); decisions and mentions are row fields.
    this.version(6).stores({ notificationReads: 'id' });
    // v8: a conversation's messages by month (conversations/conv-log-projection.ts).
    this.version(8).stores({ convLogs: 'docId, convId', convLogOrders: 'docId' });
    // v9: attachments' bytes by hash, evicted least recently used first; files waiting to upload.
    this.version(9).stores({ blobs: 'sha256, lastUsedAt', uploads: 'sha256, createdAt' });
    // v10: actions that write several docs, written before their parts (store/intents.ts).
    this.version(10).stores({ intents: 'id, createdAt' });
    // v11: official documents' list rows, by unit and by what awaits a decision (documents/).
    this.version(11).stores({ dossiers: 'docId, unitId, createdAt, handling' });
    // v12: who must act on an outgoing document now (`approve:<id>`, `issue:<unitId>`, …), and
    // incoming ones by the outgoing document they were delivered from.
    this.version(12)
      .stores({ dossiers: 'docId, unitId, createdAt, handling, *awaiting, origin' })
      .upgrade((tx) =>
        tx
          .table('dossiers')
          .toCollection()
          .modify((row: { kind: string; handling: string; unitId: string; awaiting?: string[] }) => {
            if (row.awaiting) return;
            row.awaiting = row.kind === 'incoming' && row.handling === 'pending' ? [`decide:${row.unitId}`] : [];
          }),
      );
    // Another tab deleting this person's database means they signed out there. Dexie's own
    // handler closes the database but lets the next query open it again, which would create it
    // anew, empty, after the wipe: a late query of this tab must fail instead.
    this.on('versionchange', (event: IDBVersionChangeEvent) => {
      if (event.newVersion) return undefined;
      this.close({ disableAutoOpen: true });
      return false; // Dexie's own handler would allow reopening again.
    });
  }

  /**
   * Removes outbox entries and rewrites the `waiting` count of the task rows they belong to, in
   * one transaction (acks and refusals).
   */
  async removeFromOutbox(refs: readonly number[]): Promise<void> {
    await this.transaction('rw', this.outbox, this.tasks, async () => {
      const entries = await this.outbox.bulkGet([...refs]);
      await this.outbox.bulkDelete([...refs]);
      const docIds = new Set(entries.flatMap((e) => (e?.docId.startsWith('task/') ? [e.docId] : [])));
      for (const docId of docIds) {
        await this.tasks.update(docId, { waiting: await this.outbox.where('docId').equals(docId).count() });
      }
    });
  }

  static nameFor(userId: string): string {
    return localDbName(userId);
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    return (await this.meta.get(key))?.value as T | undefined;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    await this.meta.put({ key, value });
  }
}
