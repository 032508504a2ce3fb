import type { Pool } from 'pg';
import type { DossierRow, RegisterBook } from '../../sync/register-book.ts';

/** The first key of the registers' advisory locks; the second is the hash of unit and register. */
export const REGISTER_LOCK = 730_122;

/**
 * The registers on PostgreSQL, for several nodes (docs/scale-out.md). Each node's registrar
 * numbers the documents committed through it; two nodes numbering in one register at once would
 * both take the same next number, so each numbering holds a session-level advisory lock on its
 * unit and register until its commit is done (a commit is visible before the lock is released).
 */
export class PgRegisterBook implements RegisterBook {
  readonly shared = true;
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async dossier(docId: string): Promise<DossierRow | null> {
    const { rows } = await this.#pool.query<DossierRow>(
      `SELECT unit_id AS "unitId", register, year, number, dedupe_key AS "dedupeKey" FROM dossiers WHERE doc_id = $1`,
      [docId],
    );
    return rows[0] ?? null;
  }

  async lastNumber(unitId: string, register: string, year: number): Promise<number> {
    const { rows } = await this.#pool.query<{ last: number }>(
      'SELECT COALESCE(MAX(number), 0) AS last FROM dossiers WHERE unit_id = $1 AND register = $2 AND year = $3',
      [unitId, register, year],
    );
    return Number(rows[0]?.last ?? 0);
  }

  async duplicateOf(unitId: string, register: string, dedupeKey: string, docId: string): Promise<string | null> {
    const { rows } = await this.#pool.query<{ doc_id: string }>(
      `SELECT doc_id FROM dossiers WHERE unit_id = $1 AND register = $2 AND dedupe_key = $3 AND doc_id <> $4
         AND number IS NOT NULL ORDER BY year, number LIMIT 1`,
      [unitId, register, dedupeKey, docId],
    );
    return rows[0]?.doc_id ?? null;
  }

  async awaiting(): Promise<string[]> {
    const { rows } = await this.#pool.query<{ doc_id: string }>(
      'SELECT doc_id FROM dossiers WHERE number IS NULL ORDER BY created_at',
    );
    return rows.map((r) => r.doc_id);
  }

  async exclusive<T>(unitId: string, register: string, numbering: () => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    const key = [REGISTER_LOCK, `${unitId}/${register}`];
    let broken = false;
    try {
      await client.query('SELECT pg_advisory_lock($1, hashtext($2))', key);
      return await numbering();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', key).catch(() => {
        broken = true;
      });
      // A connection whose unlock failed may still hold the lock: closed, it gives it back.
      client.release(broken);
    }
  }
}
