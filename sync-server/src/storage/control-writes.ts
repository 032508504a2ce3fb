import type { SqliteDatabase } from './sqlite-database.ts';

/**
 * How the relay's own records change: accounts, sessions, two-step secrets, recovery codes, push
 * subscriptions, API tokens, the attachments' ledger and the audit lines of sign-ins and
 * administrators' actions (docs/scale-out.md, "One log of the relay's own records").
 *
 * A write is a synchronous function of SQLite statements. On one node it runs in a transaction
 * and is done. On several nodes (`PgControl`) it is put in a log in PostgreSQL that every node
 * applies in one order, so a recovery code is used once across the city and a session revoked on
 * one node is revoked on all.
 */
export interface ControlWrites {
  /** Several nodes share the records (a log in PostgreSQL); false on one node. */
  readonly shared: boolean;
  /** Runs `write` as one change, applied by every node in one order; resolves once it is durable. */
  run<T>(write: () => T): Promise<T>;
  /**
   * For frequent writes nothing depends on (when a session was last used): applied here at once on
   * one node, and within a few seconds with others' on several. A later write with the same `key`
   * replaces one not yet applied.
   */
  soon(write: () => void, key?: string): void;
  /**
   * Resolves once this node has applied every change committed before the call (several nodes: a
   * session made on another node a moment ago). Immediate on one node.
   */
  caughtUp(): Promise<void>;
}

/** One node: SQLite's own transaction is the whole story. */
export class LocalControl implements ControlWrites {
  readonly shared = false;
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  run<T>(write: () => T): Promise<T> {
    // Runs before returning, as the stores' writes always did: a caller that does not wait still
    // finds the change made on the next line.
    return Promise.resolve(this.#db.transaction(write)());
  }

  soon(write: () => void): void {
    write();
  }

  caughtUp(): Promise<void> {
    return Promise.resolve();
  }
}

const controls = new WeakMap<SqliteDatabase, ControlWrites>();

/** The control of the database a store was given: the cluster's log when the relay was built with one. */
export function controlOf(db: SqliteDatabase): ControlWrites {
  let control = controls.get(db);
  if (!control) {
    control = new LocalControl(db);
    controls.set(db, control);
  }
  return control;
}

/** Makes `control` the way every store given `db` writes (`PgControl.attach`). */
export function useControl(db: SqliteDatabase, control: ControlWrites): void {
  controls.set(db, control);
}
