import { type ControlWrites, controlOf } from '../storage/control-writes.ts';
import type { SqliteDatabase } from '../storage/sqlite-database.ts';

/** Days are counted in Vietnam's time (UTC+7, no daylight saving). */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The Vietnam-time calendar day (`YYYY-MM-DD`) of `at`: what the daily upload cap counts by. */
export function vietnamDay(at: number): string {
  return new Date(at + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

export interface UploadRecord {
  readonly personId: string;
  readonly sha256: string;
  readonly size: number;
  /** Set once the bytes are stored: the upload is complete for whoever asks again. */
  readonly finishedAt?: number | null;
}

/**
 * Who holds which blob, the tus uploads in progress and whose they are, and how much each person
 * uploaded per day (docs/design.md §13), on the relay's main SQLite connection. A person holds a
 * blob once they uploaded its bytes (hash checked) or claimed it while already able to read it.
 */
export class BlobLedger {
  /** Writes go through the database's control (storage/control-writes.ts): they resolve once durable. */
  readonly #control: ControlWrites;
  readonly #db: SqliteDatabase;
  readonly #isHolder;
  readonly #insertHolder;
  readonly #usage;
  readonly #addUsage;
  readonly #insertUpload;
  readonly #selectUpload;
  readonly #deleteUpload;
  readonly #finishUpload;
  readonly #audit;

  constructor(db: SqliteDatabase) {
    this.#control = controlOf(db);
    this.#db = db;
    this.#isHolder = db.prepare('SELECT 1 FROM blob_holders WHERE sha256 = ? AND person_id = ?').pluck();
    this.#insertHolder = db.prepare('INSERT OR IGNORE INTO blob_holders (sha256, person_id, at) VALUES (?, ?, ?)');
    this.#usage = db.prepare('SELECT bytes FROM upload_usage WHERE person_id = ? AND day = ?').pluck();
    this.#addUsage = db.prepare(
      `INSERT INTO upload_usage (person_id, day, bytes) VALUES (?, ?, ?)
       ON CONFLICT (person_id, day) DO UPDATE SET bytes = bytes + excluded.bytes`,
    );
    this.#insertUpload = db.prepare(
      'INSERT INTO uploads (id, person_id, sha256, size, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.#selectUpload = db.prepare(
      'SELECT person_id AS personId, sha256, size, finished_at AS finishedAt FROM uploads WHERE id = ?',
    );
    this.#deleteUpload = db.prepare('DELETE FROM uploads WHERE id = ?');
    this.#finishUpload = db.prepare('UPDATE uploads SET finished_at = ? WHERE id = ?');
    this.#audit = db.prepare('INSERT INTO audit_log (at, actor_id, action, doc_id, detail) VALUES (?, ?, ?, NULL, ?)');
  }

  isHolder(sha256: string, personId: string): boolean {
    return this.#isHolder.get(sha256, personId) !== undefined;
  }

  /** The person now holds the blob (they could already read it: a forward without re-uploading). */
  claim(sha256: string, personId: string, at: number): Promise<void> {
    return this.#control.run(() => {
      this.#insertHolder.run(sha256, personId, at);
    });
  }

  usedOn(personId: string, day: string): number {
    return (this.#usage.get(personId, day) as number | undefined) ?? 0;
  }

  /**
   * Records a new upload as the person's and counts its length against their day, in one
   * transaction; false (nothing recorded) when the day's cap would be passed.
   */
  startUpload(id: string, record: UploadRecord, at: number, maxBytesPerDay: number): Promise<boolean> {
    return this.#control.run(() => {
      const day = vietnamDay(at);
      if (this.usedOn(record.personId, day) + record.size > maxBytesPerDay) return false;
      this.#addUsage.run(record.personId, day, record.size);
      this.#insertUpload.run(id, record.personId, record.sha256, record.size, at);
      return true;
    });
  }

  upload(id: string): UploadRecord | null {
    return (this.#selectUpload.get(id) as UploadRecord | undefined) ?? null;
  }

  /**
   * The upload's bytes are stored (hash checked, durable): its person holds the blob; audited.
   * The upload stays on record as finished, so a device that lost the final answer and asks
   * again is told it is complete.
   */
  finishUpload(id: string, record: UploadRecord, at: number, deduplicated: boolean): Promise<void> {
    return this.#control.run(() => {
      this.#finishUpload.run(at, id);
      this.#insertHolder.run(record.sha256, record.personId, at);
      const detail = JSON.stringify({ sha256: record.sha256, size: record.size, deduplicated });
      this.#audit.run(at, record.personId, 'blob.stored', detail);
    });
  }

  /** An upload that ended without a blob (refused content, or terminated). */
  dropUpload(id: string): Promise<void> {
    return this.#control.run(() => {
      this.#deleteUpload.run(id);
    });
  }

  /** Forgets uploads started before `at`: unfinished ones expire with their staged bytes. */
  dropUploadsBefore(at: number): Promise<number> {
    return this.#control.run(() => {
      return this.#db.prepare('DELETE FROM uploads WHERE created_at < ?').run(at).changes;
    });
  }
}
