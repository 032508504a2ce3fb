import { REGISTERS, type RegisterEntry, vietnamDate } from '@thongsuot/shared';
import type { DocEngine } from '../engine/doc-engine.ts';
import type { DocProjection } from '../storage/doc-store.ts';
import type { DocHub } from './doc-hub.ts';
import type { RegisterBook } from './register-book.ts';

const RETRY_MS = [1_000, 5_000, 30_000, 120_000] as const;
/** Several nodes: how often each looks for documents another node left waiting (it died, say). */
const RESCAN_MS = 60_000;

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
  readonly #book: RegisterBook;
  readonly #queued = new Set<string>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #chain: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(o: {
    book: RegisterBook;
    hub: DocHub;
    engine: DocEngine;
    now: () => number;
    onError?: (error: unknown) => void;
  }) {
    this.#hub = o.hub;
    this.#engine = o.engine;
    this.#now = o.now;
    this.#onError = o.onError ?? (() => undefined);
    this.#book = o.book;
  }

  /**
   * Numbers the documents still waiting (a restart between their registration and their number);
   * on several nodes, again every minute, for those a node that stopped left.
   */
  start(): void {
    const scan = () =>
      this.#book.awaiting().then((docIds) => {
        for (const docId of docIds) this.#enqueue(docId, 0);
      }, this.#onError);
    void scan();
    if (this.#book.shared) {
      const timer = setInterval(() => void scan(), RESCAN_MS);
      timer.unref();
      this.#timers.add(timer);
    }
  }

  /** A document's number and its year, once given. */
  async numberOf(docId: string): Promise<{ number: number | null; year: number | null } | null> {
    const row = await this.#book.dossier(docId);
    return row ? { number: row.number, year: row.year } : null;
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
    const first = await this.#book.dossier(docId);
    if (!first || first.number !== null) return true;
    if (!(REGISTERS as readonly string[]).includes(first.register)) return true;
    return this.#book.exclusive(first.unitId, first.register, async () => {
      // Read again under the lock: another node may have numbered it meanwhile.
      const row = await this.#book.dossier(docId);
      if (!row || row.number !== null) return true;
      const at = this.#now();
      const year = Number(vietnamDate(at).slice(0, 4));
      const number = (await this.#book.lastNumber(row.unitId, row.register, year)) + 1;
      const duplicateOf = await this.#book.duplicateOf(row.unitId, row.register, row.dedupeKey, docId);
      const entry: RegisterEntry = {
        register: row.register as RegisterEntry['register'],
        year,
        number,
        at,
        ...(duplicateOf ? { duplicateOf: duplicateOf.slice('dossier/'.length) } : {}),
      };
      const outcome = await this.#hub.relayWrite(docId, () => this.#engine.register(docId, entry));
      return outcome.ok;
    });
  }
}
