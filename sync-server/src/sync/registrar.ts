import { REGISTERS, type RegisterEntry, vietnamDate } from '@thongsuot/shared';
import type { DocEngine } from '../engine/doc-engine.ts';
import type { DocProjection } from '../storage/doc-store.ts';
import type { SqliteDatabase } from '../storage/sqlite-database.ts';
import type { DocHub } from './doc-hub.ts';

const RETRY_MS = [1_000, 5_000, 30_000, 120_000] as const;

interface AwaitingRow {
  readonly unitId: string;
  readonly register: string;
  readonly number: number | null;
  readonly dedupeKey: string;
}

/**
 * Gives official documents their numbers (docs/design.md §18): one series per unit, register
 * (sổ đến, sổ đi) and year (Vietnam time), assigned only here, one at a time, each written into
 * the document by the relay and committed together with the register table's row — so a number
 * is given once, and a failed commit gives nothing (the same number is tried again). A document
 * with the same issuing body and number-and-symbol as one already registered is flagged.
 */
export class Registrar {
  readonly #hub: DocHub;
  readonly #engine: DocEngine;
  readonly #now: () => number;
  readonly #onError: (error: unknown) => void;
  readonly #row;
  readonly #last;
  readonly #duplicate;
  readonly #awaiting;
  readonly #queued = new Set<string>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #chain: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(o: {
    db: SqliteDatabase;
    hub: DocHub;
    engine: DocEngine;
    now: () => number;
    onError?: (error: unknown) => void;
  }) {
    this.#hub = o.hub;
    this.#engine = o.engine;
    this.#now = o.now;
    this.#onError = o.onError ?? (() => undefined);
    this.#row = o.db.prepare(
      'SELECT unit_id AS unitId, register, number, dedupe_key AS dedupeKey FROM dossiers WHERE doc_id = ?',
    );
    this.#last = o.db
      .prepare('SELECT COALESCE(MAX(number), 0) FROM dossiers WHERE unit_id = ? AND register = ? AND year = ?')
      .pluck();
    this.#duplicate = o.db
      .prepare(
        `SELECT doc_id FROM dossiers WHERE unit_id = ? AND register = ? AND dedupe_key = ? AND doc_id <> ?
         AND number IS NOT NULL ORDER BY year, number LIMIT 1`,
      )
      .pluck();
    this.#awaiting = o.db.prepare('SELECT doc_id FROM dossiers WHERE number IS NULL ORDER BY created_at').pluck();
  }

  /** Numbers the documents still waiting (a restart between their registration and their number). */
  start(): void {
    for (const docId of this.#awaiting.all() as string[]) this.#enqueue(docId, 0);
  }

  /** Called after every commit: a document that awaits its number is queued. */
  committed(docId: string, projection: DocProjection | null): void {
    if (projection?.dossier && projection.dossier.number === null) this.#enqueue(docId, 0);
  }

  /** Resolves once everything queued so far has been numbered or given up for now (tests). */
  async idle(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.#chain) {
      seen = this.#chain;
      await this.#chain;
    }
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #enqueue(docId: string, attempt: number): void {
    if (this.#closed || this.#queued.has(docId)) return;
    this.#queued.add(docId);
    this.#chain = this.#chain
      .then(async () => {
        this.#queued.delete(docId);
        if (!this.#closed && !(await this.#assign(docId))) this.#retry(docId, attempt);
      })
      .catch((error: unknown) => {
        this.#onError(error);
        this.#retry(docId, attempt);
      });
  }

  #retry(docId: string, attempt: number): void {
    if (this.#closed) return;
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        this.#enqueue(docId, attempt + 1);
      },
      RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)],
    );
    timer.unref();
    this.#timers.add(timer);
  }

  /** True when the document is numbered (now or before); false to try again later. */
  async #assign(docId: string): Promise<boolean> {
    const row = this.#row.get(docId) as AwaitingRow | undefined;
    if (!row || row.number !== null) return true;
    if (!(REGISTERS as readonly string[]).includes(row.register)) return true;
    const at = this.#now();
    const year = Number(vietnamDate(at).slice(0, 4));
    const number = (this.#last.get(row.unitId, row.register, year) as number) + 1;
    const duplicateOf = this.#duplicate.get(row.unitId, row.register, row.dedupeKey, docId) as string | undefined;
    const entry: RegisterEntry = {
      register: row.register as RegisterEntry['register'],
      year,
      number,
      at,
      ...(duplicateOf ? { duplicateOf: duplicateOf.slice('dossier/'.length) } : {}),
    };
    const outcome = await this.#hub.relayWrite(docId, () => this.#engine.register(docId, entry));
    return outcome.ok;
  }
}
