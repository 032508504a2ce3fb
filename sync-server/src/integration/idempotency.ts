import { createHash } from 'node:crypto';
import { type ControlWrites, controlOf } from '../storage/control-writes.ts';
import type { SqliteDatabase } from '../storage/sqlite-database.ts';

/** How long a key's first answer is kept and replayed (docs/operations.md "Integration API"). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** Expired keys are deleted at most this often. */
const SWEEP_EVERY_MS = 60 * 60 * 1000;

/** What a request with an `Idempotency-Key` meets. */
export type Reservation =
  /** The first with this key (or the first since the key expired): do the work, then `complete`. */
  | { readonly kind: 'new' }
  /** The key's first request succeeded: answer with what it answered. */
  | { readonly kind: 'replay'; readonly status: number; readonly response: unknown }
  /** The key was used for a different request. */
  | { readonly kind: 'mismatch' }
  /** The key's first request is still being worked on. */
  | { readonly kind: 'in_flight' };

interface RequestRow {
  request_hash: string;
  status: number | null;
  response: string | null;
  created_at: number;
}

/** JSON with every object's keys sorted: the same request written in another key order hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The hash a request is compared by: its route and its body. */
export function requestHash(route: string, body: unknown): string {
  return createHash('sha256').update(route).update('\0').update(canonicalJson(body)).digest('hex');
}

/**
 * The id of the doc a keyed request creates: derived from the token's (secret) hash, the key and
 * the request, so a request repeated after a crash — its doc committed, its answer not yet
 * recorded — writes to the same doc, which the edit finds already there: never a second doc.
 * Nobody without the token's hash can predict it.
 */
export function derivedId(tokenHash: string, key: string, hash: string): string {
  return createHash('sha256')
    .update(tokenHash)
    .update('\0')
    .update(key)
    .update('\0')
    .update(hash)
    .digest('hex')
    .slice(0, 32);
}

/**
 * Idempotency keys per token (table `api_requests`). A key is reserved in one SQLite statement,
 * so of concurrent requests with the same key exactly one does the work; the others are told it is
 * in flight (409), or, once it has answered, get its answer. Only successful answers are kept: a
 * refused request releases its key and may be sent again. A reservation left by a process that
 * stopped mid-request (not in flight here) is taken over: the derived id makes that safe.
 */
export class IdempotencyStore {
  /** Writes go through the database's control (storage/control-writes.ts): they resolve once durable. */
  readonly #control: ControlWrites;
  readonly #db: SqliteDatabase;
  readonly #now: () => number;
  readonly #inFlight = new Set<string>();
  readonly #get;
  readonly #insert;
  readonly #retake;
  #sweptAt = 0;

  constructor(db: SqliteDatabase, now: () => number) {
    this.#control = controlOf(db);
    this.#db = db;
    this.#now = now;
    this.#get = db.prepare(
      'SELECT request_hash, status, response, created_at FROM api_requests WHERE token_id = ? AND idempotency_key = ?',
    );
    this.#insert = db.prepare(
      `INSERT INTO api_requests (token_id, idempotency_key, request_hash, status, response, created_at)
       VALUES (?, ?, ?, NULL, NULL, ?) ON CONFLICT DO NOTHING`,
    );
    this.#retake = db.prepare(
      `UPDATE api_requests SET request_hash = ?, status = NULL, response = NULL, created_at = ?
       WHERE token_id = ? AND idempotency_key = ?`,
    );
  }

  reserve(tokenId: string, key: string, hash: string): Promise<Reservation> {
    return this.#control.run(() => {
      const now = this.#now();
      this.#sweep(now);
      const slot = `${tokenId}\0${key}`;
      if (this.#inFlight.has(slot)) {
        const row = this.#get.get(tokenId, key) as RequestRow | undefined;
        return row && row.request_hash !== hash ? { kind: 'mismatch' } : { kind: 'in_flight' };
      }
      if (this.#insert.run(tokenId, key, hash, now).changes === 1) {
        this.#inFlight.add(slot);
        return { kind: 'new' };
      }
      const row = this.#get.get(tokenId, key) as RequestRow;
      const expired = row.created_at <= now - IDEMPOTENCY_TTL_MS;
      const abandoned = row.status === null;
      if (!expired && row.request_hash !== hash) return { kind: 'mismatch' };
      if (!expired && !abandoned) {
        return { kind: 'replay', status: row.status as number, response: JSON.parse(row.response ?? 'null') };
      }
      // Expired, or left in flight by a process that stopped: this request starts it afresh.
      this.#retake.run(hash, now, tokenId, key);
      this.#inFlight.add(slot);
      return { kind: 'new' };
    });
  }

  /** Records the successful answer of a `new` reservation, for replays. */
  complete(tokenId: string, key: string, status: number, response: unknown): Promise<void> {
    return this.#control.run(() => {
      this.#db
        .prepare('UPDATE api_requests SET status = ?, response = ? WHERE token_id = ? AND idempotency_key = ?')
        .run(status, JSON.stringify(response), tokenId, key);
      this.#inFlight.delete(`${tokenId}\0${key}`);
    });
  }

  /** Forgets a `new` reservation whose request was refused or failed: the key may be used again. */
  release(tokenId: string, key: string): Promise<void> {
    return this.#control.run(() => {
      this.#db
        .prepare('DELETE FROM api_requests WHERE token_id = ? AND idempotency_key = ? AND status IS NULL')
        .run(tokenId, key);
      this.#inFlight.delete(`${tokenId}\0${key}`);
    });
  }

  #sweep(now: number): void {
    if (now - this.#sweptAt < SWEEP_EVERY_MS) return;
    this.#sweptAt = now;
    this.#db.prepare('DELETE FROM api_requests WHERE created_at <= ?').run(now - IDEMPOTENCY_TTL_MS);
  }
}
