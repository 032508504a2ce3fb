import type { DossierRow as StoredDossierRow } from '../storage/doc-store.ts';
import type { SqliteDatabase } from '../storage/sqlite-database.ts';

/** A document's row in its unit's register (the `dossiers` projection, docs/design.md §18). */
export type DossierRow = Omit<StoredDossierRow, 'createdAt'>;

/**
 * What the registrar reads to number documents, from where the docs' projections are written:
 * this node's SQLite, or PostgreSQL on several nodes (storage/pg/pg-register-book.ts).
 */
export interface RegisterBook {
  dossier(docId: string): Promise<DossierRow | null>;
  /** The highest number given in a unit's register and year (0 if none). */
  lastNumber(unitId: string, register: string, year: number): Promise<number>;
  /** A numbered document of the register with the same issuing body and number-and-symbol. */
  duplicateOf(unitId: string, register: string, dedupeKey: string, docId: string): Promise<string | null>;
  /** Documents registered and not numbered yet, oldest first. */
  awaiting(): Promise<string[]>;
  /**
   * Runs `numbering` (read the last number, commit the next) while no other registrar numbers in
   * this register: on one node the registrar's own queue is enough; several nodes take a lock.
   */
  exclusive<T>(unitId: string, register: string, numbering: () => Promise<T>): Promise<T>;
  /** Whether other nodes number too: the registrar then looks for documents left waiting. */
  readonly shared: boolean;
}

/** The register on this node's SQLite, where the one registrar numbers one document at a time. */
export class SqliteRegisterBook implements RegisterBook {
  readonly shared = false;
  readonly #row;
  readonly #last;
  readonly #duplicate;
  readonly #awaiting;

  constructor(db: SqliteDatabase) {
    this.#row = db.prepare(
      'SELECT unit_id AS unitId, register, year, number, dedupe_key AS dedupeKey FROM dossiers WHERE doc_id = ?',
    );
    this.#last = db
      .prepare('SELECT COALESCE(MAX(number), 0) FROM dossiers WHERE unit_id = ? AND register = ? AND year = ?')
      .pluck();
    this.#duplicate = db
      .prepare(
        `SELECT doc_id FROM dossiers WHERE unit_id = ? AND register = ? AND dedupe_key = ? AND doc_id <> ?
         AND number IS NOT NULL ORDER BY year, number LIMIT 1`,
      )
      .pluck();
    this.#awaiting = db.prepare('SELECT doc_id FROM dossiers WHERE number IS NULL ORDER BY created_at').pluck();
  }

  async dossier(docId: string): Promise<DossierRow | null> {
    return (this.#row.get(docId) as DossierRow | undefined) ?? null;
  }

  async lastNumber(unitId: string, register: string, year: number): Promise<number> {
    return this.#last.get(unitId, register, year) as number;
  }

  async duplicateOf(unitId: string, register: string, dedupeKey: string, docId: string): Promise<string | null> {
    return (this.#duplicate.get(unitId, register, dedupeKey, docId) as string | undefined) ?? null;
  }

  async awaiting(): Promise<string[]> {
    return this.#awaiting.all() as string[];
  }

  exclusive<T>(_unitId: string, _register: string, numbering: () => Promise<T>): Promise<T> {
    return numbering();
  }
}
