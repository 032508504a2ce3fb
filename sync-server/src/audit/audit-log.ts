import { type ControlWrites, controlOf } from '../storage/control-writes.ts';
import type { SqliteDatabase } from '../storage/sqlite-database.ts';

/** One line of the audit log (docs/operations.md "Audit log"). */
export interface AuditRecord {
  readonly id: number;
  readonly at: number;
  readonly actorId: string | null;
  readonly action: string;
  readonly docId: string | null;
  readonly detail: string | null;
}

export interface AuditEntryInput {
  readonly actorId: string | null;
  readonly action: string;
  readonly docId?: string | null;
  readonly detail?: string | null;
}

/**
 * Who did what and when: sign-ins and refused sign-ins, every administrator's action, and (written
 * in the commit of each doc write, storage/sqlite-doc-store.ts) assignments, approvals and refusals.
 */
export class AuditLog {
  /** Writes go through the database's control (storage/control-writes.ts): they resolve once durable. */
  readonly #control: ControlWrites;
  readonly #db: SqliteDatabase;
  readonly #now: () => number;
  readonly #insert;

  constructor(db: SqliteDatabase, now: () => number) {
    this.#control = controlOf(db);
    this.#db = db;
    this.#now = now;
    this.#insert = db.prepare('INSERT INTO audit_log (at, actor_id, action, doc_id, detail) VALUES (?, ?, ?, ?, ?)');
  }

  record(entry: AuditEntryInput): Promise<void> {
    const at = this.#now();
    return this.#control.run(() => this.#write(at, entry));
  }

  /**
   * For lines nothing waits for and that may come in floods (a write the rules refused): on several
   * nodes they go to the log together every few seconds, not one change each (control-writes.ts).
   */
  recordSoon(entry: AuditEntryInput): void {
    const at = this.#now();
    this.#control.soon(() => this.#write(at, entry));
  }

  #write(at: number, entry: AuditEntryInput): void {
    this.#insert.run(at, entry.actorId, entry.action, entry.docId ?? null, entry.detail ?? null);
  }

  get db(): SqliteDatabase {
    return this.#db;
  }
}
