import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Statement } from 'better-sqlite3';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { ControlWrites } from '../control-writes.ts';
import { useControl } from '../control-writes.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { type Prepare, preparedOnce } from '../statement-cache.ts';
import { copyOf, restoreSnapshot, storeSnapshot } from './pg-control-snapshot.ts';

/** Taken by every append to the control log, so its numbers are drawn in commit order. */
export const CONTROL_LOCK = 7_301_220_262;

/** One statement as logged: its SQL and its parameters, bytes and bigints spelled out for JSON. */
interface Logged {
  readonly sql: string;
  readonly params: unknown[] | null;
}

export interface PgControlOptions {
  readonly pool: pg.Pool;
  /** Two connections to the Redis every node shares: a change is announced at once, not at the next poll. */
  readonly redis?: { readonly publisher: Redis; readonly subscriber: Redis; readonly channel?: string };
  /** How often the log is read when nothing was announced (default 1 s): a lost announcement costs this. */
  readonly pollMs?: number;
  /** Log entries past the last snapshot that make a node store a new one (default 100,000). */
  readonly snapshotEvery?: number;
  /** How often `soon`'s writes go to the log (default 2 s). */
  readonly soonMs?: number;
  readonly onError?: (error: unknown) => void;
}

const BATCH = 500;
const SOON_MAX = 5_000;
const TRANSACTION_ONLY = /^(\s*(BEGIN( IMMEDIATE| DEFERRED| EXCLUSIVE)?|ROLLBACK|COMMIT|END)\s*;?)+\s*$/i;

/**
 * The relay's own records on several nodes (docs/scale-out.md, "One log of the relay's own
 * records"): each node keeps them in its SQLite, as one node does, and every change goes through
 * one log in PostgreSQL that every node applies in order.
 *
 * A write takes the log's lock, applies what other nodes logged since this node last read, runs
 * its statements in a local transaction while recording them, appends them to the log and commits
 * there, then here. On the same records, every node runs the same statements in the same order,
 * so they hold the same records: a check ("is this recovery code unused?") made under the lock is
 * true on every node when its change applies. Reads stay local and synchronous.
 *
 * The stores are given `db`, a stand-in for the SQLite handle that records their statements; a
 * write outside `run` or `soon` throws, so a write path the log does not cover cannot go unseen.
 */
export class PgControl implements ControlWrites {
  readonly shared = true;
  /** What the stores use: the node's SQLite, with its writes recorded. */
  readonly db: SqliteDatabase;
  readonly #raw: SqliteDatabase;
  readonly #prepareRaw: Prepare;
  readonly #pool: pg.Pool;
  readonly #node = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  readonly #options: PgControlOptions;
  #applied: number;
  #capture: Logged[] | null = null;
  #replaying = false;
  /** Runs and catch-ups, one at a time on this node. */
  #queue: Promise<unknown> = Promise.resolve();
  #pending: Promise<void> | null = null;
  readonly #soon = new Map<string, () => void>();
  #unkeyed = 0;
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  #closed = false;
  /** The log's latest snapshot, as last read. */
  #snapshotSeq = 0;
  #snapshotting: Promise<boolean> | null = null;

  private constructor(raw: SqliteDatabase, options: PgControlOptions) {
    this.#raw = raw;
    this.#prepareRaw = preparedOnce(raw);
    this.#pool = options.pool;
    this.#options = options;
    raw.exec(
      'CREATE TABLE IF NOT EXISTS control_applied (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL)',
    );
    this.#applied = (raw.prepare('SELECT seq FROM control_applied').pluck().get() as number | undefined) ?? 0;
    this.db = this.#recording(raw);
    useControl(this.db, this);
  }

  /** Opens the log for `raw` (the node's SQLite, migrated) and applies what it holds. */
  static async open(raw: SqliteDatabase, options: PgControlOptions): Promise<PgControl> {
    const control = new PgControl(raw, options);
    await control.caughtUp();
    const onError = options.onError ?? (() => undefined);
    const every = options.snapshotEvery ?? 100_000;
    const poll = async () => {
      await control.caughtUp();
      if (control.#applied - control.#snapshotSeq >= every) await control.snapshot();
    };
    control.#timers.push(setInterval(() => poll().catch(onError), options.pollMs ?? 1000));
    control.#timers.push(setInterval(() => control.#flushSoon().catch(onError), options.soonMs ?? 2000));
    for (const timer of control.#timers) timer.unref();
    if (options.redis) {
      const { subscriber } = options.redis;
      subscriber.on('message', (channel: string) => {
        if (channel === control.#channel) control.caughtUp().catch(onError);
      });
      await subscriber.subscribe(control.#channel);
    }
    return control;
  }

  /** The last change of the log this node has applied. */
  get applied(): number {
    return this.#applied;
  }

  get #channel(): string {
    return this.#options.redis?.channel ?? 'thongsuot:control';
  }

  run<T>(write: () => T): Promise<T> {
    return this.#exclusive(async () => {
      const client = await this.#pool.connect();
      let local = false;
      try {
        await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${CONTROL_LOCK})`);
        await this.#applyFrom(client);
        this.#raw.exec('BEGIN');
        local = true;
        this.#capture = [];
        let result: T;
        let statements: Logged[];
        try {
          result = write();
        } finally {
          statements = this.#capture;
          this.#capture = null;
        }
        let seq = this.#applied;
        if (statements.length > 0) {
          const { rows } = await client.query<{ seq: number }>(
            'INSERT INTO control_log (node, at, statements) VALUES ($1, $2, $3) RETURNING seq',
            [this.#node, Date.now(), JSON.stringify(statements)],
          );
          seq = rows[0]?.seq ?? seq;
          this.#setApplied(seq);
        }
        await client.query('COMMIT');
        this.#raw.exec('COMMIT');
        local = false;
        this.#applied = seq;
        if (statements.length > 0) this.#announce();
        return result;
      } catch (error) {
        // Not committed in the log, so not here either. If the log's commit went through after
        // all (its answer was lost), the next catch-up applies it: the log decides.
        if (local) this.#raw.exec('ROLLBACK');
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    });
  }

  soon(write: () => void, key?: string): void {
    this.#soon.set(key ?? `#${this.#unkeyed++}`, write);
    // A flood (refused writes) goes to the log in changes of a bounded size, not all in memory.
    if (this.#soon.size >= SOON_MAX) this.#flushSoon().catch(this.#options.onError ?? (() => undefined));
  }

  caughtUp(): Promise<void> {
    // A catch-up not yet started reads everything committed before this call: join it.
    if (!this.#pending) {
      const pending = this.#exclusive(async () => {
        if (this.#pending === pending) this.#pending = null;
        await this.#applyFrom(this.#pool);
      });
      this.#pending = pending;
    }
    return this.#pending;
  }

  /**
   * Stores this node's copy of the records as the log's snapshot and deletes the log up to it, so
   * the log stays short and a new node starts from the copy (docs/scale-out.md). Resolves false
   * when another node is storing one. The copy is taken between two changes; uploading it holds
   * nothing up.
   */
  snapshot(): Promise<boolean> {
    this.#snapshotting ??= (async () => {
      const { bytes, seq } = await this.#exclusive(async () => ({ bytes: copyOf(this.#raw), seq: this.#applied }));
      const stored = await storeSnapshot(bytes, this.#pool, seq);
      if (stored) this.#snapshotSeq = seq;
      return stored;
    })().finally(() => {
      this.#snapshotting = null;
    });
    return this.#snapshotting;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearInterval(timer);
    await this.#flushSoon().catch(() => undefined);
    await this.#queue.catch(() => undefined);
  }

  async #flushSoon(): Promise<void> {
    if (this.#soon.size === 0) return;
    const writes = [...this.#soon];
    this.#soon.clear();
    try {
      await this.run(() => {
        for (const [, write] of writes) write();
      });
    } catch (error) {
      // Kept for the next flush (PostgreSQL restarting), unless a later one replaced them.
      for (const [key, write] of writes) if (!this.#soon.has(key)) this.#soon.set(key, write);
      throw error;
    }
  }

  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(task);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Applies, in order, what the log holds past this node's last change; first the snapshot, if the
   * log before it is gone. Both are read in one statement, so a snapshot stored meanwhile (and the
   * log it deleted) cannot pass unseen.
   */
  async #applyFrom(reader: pg.Pool | pg.PoolClient): Promise<void> {
    for (;;) {
      const { rows } = await reader.query<{ snapshot: number | null; seq: number | null; statements: Logged[] }>(
        `SELECT s.snapshot, l.seq, l.statements FROM (SELECT max(seq) AS snapshot FROM control_snapshots) s
           LEFT JOIN LATERAL (SELECT seq, statements FROM control_log WHERE seq > $1 ORDER BY seq LIMIT $2) l ON true`,
        [this.#applied, BATCH],
      );
      const snapshot = rows[0]?.snapshot ?? 0;
      this.#snapshotSeq = snapshot;
      if (snapshot > this.#applied) {
        await restoreSnapshot(this.#raw, reader, snapshot);
        this.#applied = snapshot;
        continue;
      }
      const entries = rows.filter(
        (r): r is { snapshot: number | null; seq: number; statements: Logged[] } => r.seq !== null,
      );
      const last = entries.at(-1)?.seq;
      if (last === undefined) return;
      this.#raw.transaction(() => {
        this.#replaying = true;
        try {
          for (const row of entries) for (const s of row.statements) this.#replay(s);
        } finally {
          this.#replaying = false;
        }
        this.#setApplied(last);
      })();
      this.#applied = last;
      if (entries.length < BATCH) return;
    }
  }

  #replay(logged: Logged): void {
    if (logged.params === null) this.#raw.exec(logged.sql);
    else this.#prepareRaw(logged.sql).run(...(logged.params.map(decode) as unknown[]));
  }

  #setApplied(seq: number): void {
    this.#prepareRaw(
      'INSERT INTO control_applied (id, seq) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq',
    ).run(seq);
  }

  #announce(): void {
    const redis = this.#options.redis;
    if (redis) redis.publisher.publish(this.#channel, this.#node).catch(this.#options.onError ?? (() => undefined));
  }

  #record(sql: string, params: unknown[] | null): void {
    if (this.#replaying) return;
    if (!this.#capture) throw new Error(`Ghi ngoài nhật ký điều khiển (control log): ${sql.trim().slice(0, 80)}`);
    this.#capture.push({ sql, params: params === null ? null : params.map(encode) });
  }

  /** The SQLite handle the stores get: every statement that writes is recorded (or refused). */
  #recording(raw: SqliteDatabase): SqliteDatabase {
    const record = (sql: string, params: unknown[] | null): void => this.#record(sql, params);
    const statement = (sql: string, target: Statement<unknown[], unknown>): Statement<unknown[], unknown> => {
      const proxy: Statement<unknown[], unknown> = new Proxy(target, {
        get(t, prop) {
          const value = Reflect.get(t, prop, t) as unknown;
          if (typeof value !== 'function') return value;
          const writes = !t.readonly && (prop === 'run' || prop === 'get' || prop === 'all' || prop === 'iterate');
          return (...args: unknown[]) => {
            if (writes) record(sql, args);
            const result = (value as (...a: unknown[]) => unknown).apply(t, args);
            return result === t ? proxy : result;
          };
        },
      });
      return proxy;
    };
    return new Proxy(raw, {
      get(target, prop) {
        if (prop === 'prepare') return (sql: string) => statement(sql, target.prepare(sql));
        if (prop === 'exec')
          return (sql: string) => {
            // A transaction opened and closed (the readiness probe's write check) changes nothing.
            if (!TRANSACTION_ONLY.test(sql)) record(sql, null);
            return target.exec(sql);
          };
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}

function encode(value: unknown): unknown {
  if (value instanceof Uint8Array)
    return { $b: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (typeof value === 'bigint') return { $i: value.toString() };
  if (value !== null && typeof value === 'object')
    return { $o: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)])) };
  return value;
}

function decode(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const v = value as { $b?: string; $i?: string; $o?: Record<string, unknown> };
  if (v.$b !== undefined) return Buffer.from(v.$b, 'base64');
  if (v.$i !== undefined) return BigInt(v.$i);
  if (v.$o !== undefined) return Object.fromEntries(Object.entries(v.$o).map(([k, x]) => [k, decode(x)]));
  return value;
}
