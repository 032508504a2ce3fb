import type { Principal } from '@thongsuot/shared';
import { assignmentWriter, readAssignmentIndex } from './assignment-table.ts';
import {
  type AssignmentIndex,
  type BlobRef,
  type DependentDoc,
  type DocInfo,
  type DocStore,
  type DocWrite,
  EMPTY_UPDATE,
  MAX_BLOB_REFS,
  type Manifest,
  sameReaders,
} from './doc-store.ts';
import type { SqliteDatabase } from './sqlite-database.ts';

/** The default store: one SQLite file in WAL mode with synchronous=FULL (docs/design.md §3, §8). */
export class SqliteDocStore implements DocStore {
  readonly #db: SqliteDatabase;
  readonly #insertUpdate;
  readonly #upsertDoc;
  readonly #deleteReaders;
  readonly #insertReader;
  readonly #upsertTask;
  readonly #insertAudit;
  readonly #selectUpdates;
  readonly #selectExists;
  readonly #selectReaders;
  readonly #selectMaxSeq;
  readonly #appendAll;
  readonly #deleteMembers;
  readonly #insertMember;
  readonly #selectInfo;
  readonly #compactAll;
  readonly #selectDependents;
  readonly #selectOwners;
  readonly #selectBlobRefs;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.#insertUpdate = db.prepare('INSERT INTO doc_updates (doc_id, data, created_at) VALUES (?, ?, ?)');
    this.#upsertDoc = db.prepare(
      'INSERT INTO docs (doc_id, kind, last_seq) VALUES (?, ?, ?) ON CONFLICT (doc_id) DO UPDATE SET last_seq = excluded.last_seq',
    );
    this.#deleteReaders = db.prepare('DELETE FROM doc_readers WHERE doc_id = ?');
    this.#insertReader = db.prepare('INSERT OR IGNORE INTO doc_readers (doc_id, principal) VALUES (?, ?)');
    this.#upsertTask = db.prepare(
      `INSERT INTO task_index (doc_id, title, issuer_id, issuer_unit_id, deadline, recipients, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (doc_id) DO UPDATE SET title = excluded.title, deadline = excluded.deadline,
         recipients = excluded.recipients, updated_at = excluded.updated_at`,
    );
    this.#insertAudit = db.prepare(
      'INSERT INTO audit_log (at, actor_id, action, doc_id, detail) VALUES (?, ?, ?, ?, ?)',
    );
    this.#selectDependents = db.prepare('SELECT doc_id AS docId, last_seq AS lastSeq FROM docs WHERE parent_id = ?');
    this.#selectOwners = db.prepare('SELECT client_id, person_id FROM doc_clients WHERE doc_id = ?').raw();
    this.#selectBlobRefs = db.prepare(
      `SELECT doc_id AS docId, author_id AS authorId FROM blob_refs WHERE sha256 = ? LIMIT ${MAX_BLOB_REFS}`,
    );
    const insertBlobRef = db.prepare('INSERT OR IGNORE INTO blob_refs (sha256, doc_id, author_id) VALUES (?, ?, ?)');
    const insertOwner = db.prepare('INSERT OR IGNORE INTO doc_clients (doc_id, client_id, person_id) VALUES (?, ?, ?)');
    const insertChild = db.prepare('INSERT INTO docs (doc_id, kind, last_seq, parent_id) VALUES (?, ?, ?, ?)');
    const copyReaders = db.prepare(
      'INSERT OR IGNORE INTO doc_readers (doc_id, principal) SELECT ?, principal FROM doc_readers WHERE doc_id = ?',
    );
    const setLastSeq = db.prepare('UPDATE docs SET last_seq = ? WHERE doc_id = ?');
    const deleteDue = db.prepare('DELETE FROM reminder_due WHERE person_id = ?');
    const upsertDossier = db.prepare(
      `INSERT INTO dossiers (doc_id, unit_id, register, year, number, dedupe_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (doc_id) DO UPDATE SET year = excluded.year, number = excluded.number, dedupe_key = excluded.dedupe_key`,
    );
    const writeAssignments = assignmentWriter(db);
    const insertDue = db.prepare(
      'INSERT OR REPLACE INTO reminder_due (person_id, reminder_id, due_at) VALUES (?, ?, ?)',
    );
    const setReaders = (docId: string, readers: readonly Principal[]) => {
      this.#deleteReaders.run(docId);
      for (const principal of readers) this.#insertReader.run(docId, principal);
    };
    /** Dependents follow their parent's readers, with a new sequence number so manifests list them. */
    const followParent = (
      parentId: string,
      readers: readonly Principal[],
      previous: readonly Principal[],
      at: number,
    ) => {
      if (sameReaders(previous, readers)) return;
      for (const child of this.#selectDependents.all(parentId) as DependentDoc[]) {
        const seq = Number(this.#insertUpdate.run(child.docId, EMPTY_UPDATE, at).lastInsertRowid);
        setLastSeq.run(seq, child.docId);
        setReaders(child.docId, readers);
      }
    };
    this.#selectUpdates = db.prepare('SELECT data FROM doc_updates WHERE doc_id = ? ORDER BY seq').pluck();
    this.#selectExists = db.prepare('SELECT 1 FROM docs WHERE doc_id = ?').pluck();
    this.#selectReaders = db.prepare('SELECT principal FROM doc_readers WHERE doc_id = ?').pluck();
    this.#selectMaxSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) FROM doc_updates').pluck();
    this.#deleteMembers = db.prepare('DELETE FROM conv_members WHERE doc_id = ?');
    this.#insertMember = db.prepare('INSERT OR REPLACE INTO conv_members (doc_id, person_id, role) VALUES (?, ?, ?)');
    this.#selectInfo = db.prepare(
      `SELECT d.last_seq AS lastSeq, COUNT(u.seq) AS updateCount, COALESCE(SUM(LENGTH(u.data)), 0) AS byteCount
       FROM docs d LEFT JOIN doc_updates u ON u.doc_id = d.doc_id WHERE d.doc_id = ? GROUP BY d.doc_id`,
    );
    const deleteUpTo = db.prepare('DELETE FROM doc_updates WHERE doc_id = ? AND seq <= ?');
    const insertAt = db.prepare('INSERT INTO doc_updates (seq, doc_id, data, created_at) VALUES (?, ?, ?, ?)');
    this.#compactAll = db.transaction((docId: string, upToSeq: number, state: Uint8Array, at: number) => {
      // The merged state takes the sequence number of the last update it replaces, so it still
      // loads first and every later update keeps its place.
      deleteUpTo.run(docId, upToSeq);
      insertAt.run(upToSeq, docId, state, at);
    });
    this.#appendAll = db.transaction((writes: readonly DocWrite[], at: number): number[] => {
      const seqs: number[] = [];
      for (const write of writes) {
        const seq = Number(this.#insertUpdate.run(write.docId, write.update, at).lastInsertRowid);
        const child = write.parentId !== undefined;
        if (child && this.#selectExists.get(write.docId) === undefined) {
          insertChild.run(write.docId, write.kind, seq, write.parentId);
          copyReaders.run(write.docId, write.parentId);
        } else {
          this.#upsertDoc.run(write.docId, write.kind, seq);
        }
        seqs.push(seq);
        for (const [client, person] of write.clients ?? []) insertOwner.run(write.docId, client, person);
        for (const [sha256, author] of write.blobRefs ?? []) insertBlobRef.run(sha256, write.docId, author);
        const projection = write.projection;
        if (projection) {
          if (!child) {
            const previous = this.#selectReaders.all(write.docId) as Principal[];
            setReaders(write.docId, projection.readers);
            followParent(write.docId, projection.readers, previous, at);
          }
          const conversation = projection.conversation;
          if (conversation) {
            this.#deleteMembers.run(write.docId);
            for (const m of conversation.members) this.#insertMember.run(write.docId, m.personId, m.role);
          }
          const dossier = projection.dossier;
          if (dossier) {
            upsertDossier.run(
              write.docId,
              dossier.unitId,
              dossier.register,
              dossier.year,
              dossier.number,
              dossier.dedupeKey,
              dossier.createdAt,
            );
          }
          const reminders = projection.reminders;
          if (reminders) {
            deleteDue.run(reminders.personId);
            for (const r of reminders.due) insertDue.run(reminders.personId, r.id, r.dueAt);
          }
          const task = projection.task;
          if (task) {
            this.#upsertTask.run(
              write.docId,
              task.title,
              task.issuerId,
              task.issuerUnitId,
              task.deadline,
              JSON.stringify(task.recipients),
              at,
            );
            writeAssignments(write.docId.slice('task/'.length), task.assignments);
          }
        }
        for (const entry of write.audit) {
          this.#insertAudit.run(at, entry.actorId, entry.action, entry.docId, entry.detail);
        }
      }
      return seqs;
    });
  }

  async loadUpdates(docId: string): Promise<Uint8Array[]> {
    return (this.#selectUpdates.all(docId) as Buffer[]).map(
      (b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength),
    );
  }

  async clientOwners(docId: string): Promise<[number, string][]> {
    return this.#selectOwners.all(docId) as [number, string][];
  }

  async docInfo(docId: string): Promise<DocInfo | null> {
    const row = this.#selectInfo.get(docId) as Omit<DocInfo, 'readers'> | undefined;
    if (!row) return null;
    return { ...row, readers: this.#selectReaders.all(docId) as Principal[] };
  }

  async compact(docId: string, upToSeq: number, state: Uint8Array): Promise<void> {
    this.#compactAll(docId, upToSeq, state, Date.now());
  }

  async exists(docId: string): Promise<boolean> {
    return this.#selectExists.get(docId) !== undefined;
  }

  async appendBatch(writes: readonly DocWrite[], at: number): Promise<number[]> {
    return this.#appendAll(writes, at);
  }

  async readersOf(docId: string): Promise<Principal[]> {
    return this.#selectReaders.all(docId) as Principal[];
  }

  async dependentsOf(docId: string): Promise<DependentDoc[]> {
    return this.#selectDependents.all(docId) as DependentDoc[];
  }

  async changedSince(principals: readonly Principal[], cursor: number): Promise<Manifest> {
    // The cursor is read first: a doc committed between the two reads is listed now and
    // again next time, never missed.
    const head = this.#selectMaxSeq.get() as number;
    if (principals.length === 0) return { cursor: head, docIds: [] };
    const placeholders = principals.map(() => '?').join(', ');
    const docIds = this.#db
      .prepare(
        `SELECT DISTINCT d.doc_id FROM docs d JOIN doc_readers r ON r.doc_id = d.doc_id
         WHERE r.principal IN (${placeholders}) AND d.last_seq > ? ORDER BY d.last_seq`,
      )
      .pluck()
      .all(...principals, cursor) as string[];
    return { cursor: head, docIds };
  }

  async assignmentIndex(): Promise<AssignmentIndex> {
    return readAssignmentIndex(this.#db);
  }

  async blobRefs(sha256: string): Promise<BlobRef[]> {
    return this.#selectBlobRefs.all(sha256) as BlobRef[];
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}
