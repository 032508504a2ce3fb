import type { Principal } from '@thongsuot/shared';
import type { Pool, PoolClient } from 'pg';
import { ASSIGNMENT_COLUMNS, rowFrom } from '../assignment-table.ts';
import {
  type AssignmentIndex,
  type BlobRef,
  type CommittedUpdate,
  type DependentDoc,
  type DocInfo,
  type DocStore,
  type DocWrite,
  EMPTY_UPDATE,
  MAX_BLOB_REFS,
  type Manifest,
  StaleDocsError,
  sameReaders,
} from '../doc-store.ts';
import { auditInControlLog, auditInTable } from './pg-audit.ts';
import { writeProjection } from './pg-projection.ts';

/**
 * Every node's appends take this transaction-scoped advisory lock before they number anything,
 * so sequence numbers are given in commit order across all nodes (docs/scale-out.md): a
 * manifest's cursor never passes a commit with a lower number that lands later.
 */
export const APPEND_LOCK = 7_301_220_261;

const view = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/**
 * The document store on PostgreSQL, for several relay nodes (docs/scale-out.md). It passes the
 * same contract as SQLite (`doc-store.contract.ts`); `appendBatch` resolves once PostgreSQL has
 * committed (synchronous_commit on: flushed to its WAL).
 */
export class PgDocStore implements DocStore {
  readonly #pool: Pool;
  readonly #ordered: boolean;
  readonly #audit: typeof auditInTable;

  /**
   * `commitOrder: 'none'` skips APPEND_LOCK and breaks the manifest's guarantee: only
   * `bench:store` uses it, to measure what the lock costs. `audit: 'control log'` (a relay's
   * nodes, `clusterOptions`) puts the writes' audit lines in the log of the relay's own records.
   */
  constructor(pool: Pool, options: { commitOrder?: 'lock' | 'none'; audit?: 'table' | 'control log' } = {}) {
    this.#pool = pool;
    this.#ordered = options.commitOrder !== 'none';
    this.#audit = options.audit === 'control log' ? auditInControlLog : auditInTable;
  }

  async loadUpdates(docId: string): Promise<Uint8Array[]> {
    const { rows } = await this.#pool.query<{ data: Buffer }>(
      'SELECT data FROM doc_updates WHERE doc_id = $1 ORDER BY seq',
      [docId],
    );
    return rows.map((r) => view(r.data));
  }

  async clientOwners(docId: string): Promise<[number, string][]> {
    const { rows } = await this.#pool.query<[number, string]>({
      text: 'SELECT client_id, person_id FROM doc_clients WHERE doc_id = $1',
      values: [docId],
      rowMode: 'array',
    });
    return rows;
  }

  async docInfo(docId: string): Promise<DocInfo | null> {
    const { rows } = await this.#pool.query<Omit<DocInfo, 'readers'>>(
      `SELECT d.last_seq AS "lastSeq", COUNT(u.seq)::int AS "updateCount",
         COALESCE(SUM(octet_length(u.data)), 0)::bigint AS "byteCount"
       FROM docs d LEFT JOIN doc_updates u ON u.doc_id = d.doc_id WHERE d.doc_id = $1 GROUP BY d.doc_id`,
      [docId],
    );
    const row = rows[0];
    if (!row) return null;
    return { ...row, readers: await this.readersOf(docId) };
  }

  async exists(docId: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query('SELECT 1 FROM docs WHERE doc_id = $1', [docId]);
    return (rowCount ?? 0) > 0;
  }

  async appendBatch(writes: readonly DocWrite[], at: number): Promise<number[]> {
    // Each statement is a round trip that the batch makes holding the append lock, so the lock
    // is taken with BEGIN, and the docs' rows are read once for the basis check and the logs.
    const lock = this.#ordered ? `SELECT pg_advisory_xact_lock(${APPEND_LOCK})` : undefined;
    return this.#transaction(async (c) => {
      // A message log's later writes (a parent, no projection, the doc already stored) add
      // nothing a plain write does not: the parent's readers were copied when it was created.
      const children = new Set(writes.filter((w) => w.parentId !== undefined).map((w) => w.docId));
      const stored = await checkBasis(c, writes, children);
      // Runs of plain writes (no projection, no parent to copy: most of them) go in a few
      // statements for the whole run; the others one by one. The batch's order is kept either way.
      const seqs: number[] = [];
      let run: DocWrite[] = [];
      const flush = async () => {
        if (run.length > 0) seqs.push(...(await appendPlain(c, run, at)));
        run = [];
      };
      for (const write of writes) {
        if (write.projection === null && (write.parentId === undefined || stored.has(write.docId))) {
          run.push(write);
          continue;
        }
        await flush();
        seqs.push(await appendOne(c, write, at));
      }
      await flush();
      await this.#audit(
        c,
        writes.flatMap((w) => w.audit),
        at,
      );
      return seqs;
    }, lock);
  }

  async committedAfter(afterSeq: number, limit: number): Promise<CommittedUpdate[]> {
    const { rows } = await this.#pool.query<CommittedUpdate>(
      'SELECT seq, doc_id AS "docId", created_at AS at FROM doc_updates WHERE seq > $1 ORDER BY seq LIMIT $2',
      [afterSeq, limit],
    );
    return rows;
  }

  /** Shared by the nodes: a write checked against an old copy of its doc is refused (`checkBasis`). */
  readonly checksBasis = true;

  async readersOf(docId: string): Promise<Principal[]> {
    return readers(this.#pool, docId);
  }

  async dependentsOf(docId: string): Promise<DependentDoc[]> {
    return dependents(this.#pool, docId);
  }

  async changedSince(principals: readonly Principal[], cursor: number): Promise<Manifest> {
    // The cursor is read first: a doc committed between the two reads is listed now and again
    // next time, never missed. Numbers are given in commit order (APPEND_LOCK), so every number
    // up to the head is either committed and visible, or never will be.
    const head = await this.#pool.query<{ head: number }>('SELECT COALESCE(MAX(seq), 0) AS head FROM doc_updates');
    const cursorNow = head.rows[0]?.head ?? 0;
    if (principals.length === 0) return { cursor: cursorNow, docIds: [] };
    const { rows } = await this.#pool.query<{ doc_id: string }>(
      `SELECT d.doc_id FROM docs d
       WHERE d.last_seq > $2 AND EXISTS (
         SELECT 1 FROM doc_readers r WHERE r.doc_id = d.doc_id AND r.principal = ANY($1::text[]))
       ORDER BY d.last_seq`,
      [principals, cursor],
    );
    return { cursor: cursorNow, docIds: rows.map((r) => r.doc_id) };
  }

  async blobRefs(sha256: string): Promise<BlobRef[]> {
    const { rows } = await this.#pool.query<BlobRef>(
      `SELECT doc_id AS "docId", author_id AS "authorId" FROM blob_refs WHERE sha256 = $1 LIMIT ${MAX_BLOB_REFS}`,
      [sha256],
    );
    return rows;
  }

  async compact(docId: string, upToSeq: number, state: Uint8Array): Promise<void> {
    // The merged state takes the sequence number of the last update it replaces, so it still
    // loads first and every later update keeps its place.
    await this.#transaction(async (c) => {
      await c.query('DELETE FROM doc_updates WHERE doc_id = $1 AND seq <= $2', [docId, upToSeq]);
      await c.query('INSERT INTO doc_updates (seq, doc_id, data, created_at) VALUES ($1, $2, $3, $4)', [
        upToSeq,
        docId,
        state,
        Date.now(),
      ]);
    });
  }

  async assignmentIndex(): Promise<AssignmentIndex> {
    const rows = await this.#pool.query<unknown[]>({
      text: `SELECT ${ASSIGNMENT_COLUMNS} FROM assignment_index ORDER BY task_id, recipient_id`,
      rowMode: 'array',
    });
    const titles = await this.#pool.query<[string, string]>({
      text: `SELECT substr(doc_id, 6), title FROM task_index
             WHERE doc_id IN (SELECT 'task/' || task_id FROM assignment_index)`,
      rowMode: 'array',
    });
    return { rows: rows.rows.map(rowFrom), titles: titles.rows };
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  /** `first`: a statement without parameters sent with BEGIN, in the same round trip. */
  async #transaction<T>(fn: (client: PoolClient) => Promise<T>, first?: string): Promise<T> {
    const client = await this.#pool.connect();
    // A connection that cannot even roll back (PostgreSQL restarted, the network dropped) is
    // closed rather than handed to the next write.
    let broken: Error | undefined;
    try {
      await client.query(first ? `BEGIN; ${first}` : 'BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

type Queryable = Pick<Pool, 'query'> | PoolClient;

async function readers(db: Queryable, docId: string): Promise<Principal[]> {
  const { rows } = await db.query<{ principal: Principal }>('SELECT principal FROM doc_readers WHERE doc_id = $1', [
    docId,
  ]);
  return rows.map((r) => r.principal);
}

async function dependents(db: Queryable, docId: string): Promise<DependentDoc[]> {
  const { rows } = await db.query<DependentDoc>(
    'SELECT doc_id AS "docId", last_seq AS "lastSeq" FROM docs WHERE parent_id = $1',
    [docId],
  );
  return rows;
}

async function setReaders(c: PoolClient, docId: string, principals: readonly Principal[]): Promise<void> {
  await c.query('DELETE FROM doc_readers WHERE doc_id = $1', [docId]);
  if (principals.length === 0) return;
  await c.query('INSERT INTO doc_readers (doc_id, principal) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [
    docId,
    principals,
  ]);
}

async function insertUpdate(c: PoolClient, docId: string, data: Uint8Array, at: number): Promise<number> {
  const { rows } = await c.query<{ seq: number }>(
    'INSERT INTO doc_updates (doc_id, data, created_at) VALUES ($1, $2, $3) RETURNING seq',
    [docId, data, at],
  );
  return rows[0]?.seq as number;
}

/**
 * Writes that change no projection and have no parent, in one statement per table: numbers drawn
 * in the run's order (under APPEND_LOCK, so in commit order too), the updates, each doc's
 * `last_seq`, then client owners (the first claim of an id wins, as one by one), blob
 * references and audit entries in the run's order.
 */
async function appendPlain(c: PoolClient, run: readonly DocWrite[], at: number): Promise<number[]> {
  // One statement: the numbers are drawn, the k-th smallest given to the run's k-th write (so a
  // doc's writes keep their order), the updates stored and each doc's last number raised.
  const numbers = await c.query<{ seq: number }>(
    `WITH drawn AS (
       SELECT nextval(pg_get_serial_sequence('doc_updates', 'seq')) AS seq
       FROM generate_series(1, cardinality($1::text[]))
     ), numbered AS (
       SELECT s.seq, t.doc_id, t.kind, t.data, t.ord
       FROM (SELECT seq, row_number() OVER (ORDER BY seq) AS ord FROM drawn) s
       JOIN unnest($1::text[], $2::text[], $3::bytea[]) WITH ORDINALITY AS t(doc_id, kind, data, ord) USING (ord)
     ), stored AS (
       INSERT INTO doc_updates (seq, doc_id, data, created_at) SELECT seq, doc_id, data, $4 FROM numbered
     ), heads AS (
       INSERT INTO docs (doc_id, kind, last_seq)
       SELECT DISTINCT ON (doc_id) doc_id, kind, seq FROM numbered ORDER BY doc_id, seq DESC
       ON CONFLICT (doc_id) DO UPDATE SET last_seq = GREATEST(docs.last_seq, excluded.last_seq)
     )
     SELECT seq FROM numbered ORDER BY ord`,
    [
      run.map((w) => w.docId),
      run.map((w) => w.kind),
      run.map((w) => Buffer.from(w.update.buffer, w.update.byteOffset, w.update.byteLength)),
      at,
    ],
  );
  const seqs = numbers.rows.map((r) => r.seq);
  const owners = run.flatMap((w) => (w.clients ?? []).map(([id, person]) => [w.docId, id, person] as const));
  if (owners.length > 0) {
    await c.query(
      `INSERT INTO doc_clients (doc_id, client_id, person_id)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[]) ON CONFLICT DO NOTHING`,
      [owners.map((o) => o[0]), owners.map((o) => o[1]), owners.map((o) => o[2])],
    );
  }
  const refs = run.flatMap((w) => (w.blobRefs ?? []).map(([sha, author]) => [sha, w.docId, author] as const));
  if (refs.length > 0) {
    await c.query(
      `INSERT INTO blob_refs (sha256, doc_id, author_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
      [refs.map((r) => r[0]), refs.map((r) => r[1]), refs.map((r) => r[2])],
    );
  }
  return seqs;
}

/** One write inside the batch's transaction: what SqliteDocStore's transaction does, in order. */
async function appendOne(c: PoolClient, write: DocWrite, at: number): Promise<number> {
  const seq = await insertUpdate(c, write.docId, write.update, at);
  const child = write.parentId !== undefined;
  const known = child
    ? ((await c.query('SELECT 1 FROM docs WHERE doc_id = $1', [write.docId])).rowCount ?? 0) > 0
    : true;
  if (child && !known) {
    await c.query('INSERT INTO docs (doc_id, kind, last_seq, parent_id) VALUES ($1, $2, $3, $4)', [
      write.docId,
      write.kind,
      seq,
      write.parentId,
    ]);
    await c.query(
      `INSERT INTO doc_readers (doc_id, principal) SELECT $1, principal FROM doc_readers WHERE doc_id = $2
       ON CONFLICT DO NOTHING`,
      [write.docId, write.parentId],
    );
  } else {
    await c.query(
      `INSERT INTO docs (doc_id, kind, last_seq) VALUES ($1, $2, $3)
       ON CONFLICT (doc_id) DO UPDATE SET last_seq = excluded.last_seq`,
      [write.docId, write.kind, seq],
    );
  }
  if (write.clients?.length) {
    await c.query(
      `INSERT INTO doc_clients (doc_id, client_id, person_id)
       SELECT $1, * FROM unnest($2::bigint[], $3::text[]) ON CONFLICT DO NOTHING`,
      [write.docId, write.clients.map(([id]) => id), write.clients.map(([, person]) => person)],
    );
  }
  if (write.blobRefs?.length) {
    await c.query(
      `INSERT INTO blob_refs (sha256, doc_id, author_id)
       SELECT s, $1, a FROM unnest($2::text[], $3::text[]) AS t(s, a) ON CONFLICT DO NOTHING`,
      [write.docId, write.blobRefs.map(([sha]) => sha), write.blobRefs.map(([, author]) => author)],
    );
  }
  const projection = write.projection;
  if (projection) {
    if (!child) {
      const previous = await readers(c, write.docId);
      await setReaders(c, write.docId, projection.readers);
      // Dependents follow their parent's readers, with a new sequence number so manifests list them.
      if (!sameReaders(previous, projection.readers)) {
        for (const dependent of await dependents(c, write.docId)) {
          const bumped = await insertUpdate(c, dependent.docId, EMPTY_UPDATE, at);
          await c.query('UPDATE docs SET last_seq = $1 WHERE doc_id = $2', [bumped, dependent.docId]);
          await setReaders(c, dependent.docId, projection.readers);
        }
      }
    }
    await writeProjection(c, write, at);
  }
  return seq;
}

/**
 * Refuses the batch if the first write of any doc in it was checked against a copy older than
 * what is committed: another node wrote the doc since (docs/scale-out.md). Later writes of the
 * same doc in the batch build on the first. Read under the append lock, so no commit can land
 * between this check and the batch's own. In the same read: which of `also` are stored already.
 */
async function checkBasis(c: PoolClient, writes: readonly DocWrite[], also: ReadonlySet<string>): Promise<Set<string>> {
  const basis = new Map<string, number>();
  for (const w of writes) if (w.basedOn !== undefined && !basis.has(w.docId)) basis.set(w.docId, w.basedOn);
  if (basis.size === 0 && also.size === 0) return new Set();
  const { rows } = await c.query<{ doc_id: string; last_seq: number }>(
    'SELECT doc_id, last_seq FROM docs WHERE doc_id = ANY($1::text[]) FOR UPDATE',
    [[...new Set([...basis.keys(), ...also])]],
  );
  const committed = new Map(rows.map((r) => [r.doc_id, r.last_seq]));
  const stale = [...basis].filter(([docId, seq]) => (committed.get(docId) ?? 0) !== seq).map(([docId]) => docId);
  if (stale.length > 0) throw new StaleDocsError(stale);
  return new Set([...also].filter((docId) => committed.has(docId)));
}
