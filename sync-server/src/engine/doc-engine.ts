import type { DashPatch, Person, RegisterEntry } from '@thongsuot/shared';
import { ApplyWorker, type ApplyWorkerOptions } from './apply-worker.ts';
import type { ClientOwner, DiffResult, FactsResult, SnapshotResult, WriteResult } from './engine-messages.ts';

export interface DocEngineOptions extends Omit<ApplyWorkerOptions, 'workerUrl'> {
  /** Number of apply workers; docs are spread over them by id. */
  readonly workers: number;
  readonly workerUrl?: URL;
}

export const DEFAULT_WORKER_URL = new URL('./engine-worker-boot.mjs', import.meta.url);

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The docs in memory, held by apply workers off the main thread (docs/design.md §4). Each doc lives
 * in exactly one worker, so its writes are applied in order without locks.
 */
export class DocEngine {
  readonly #workers: ApplyWorker[];

  constructor(options: DocEngineOptions) {
    const count = Math.max(1, options.workers);
    this.#workers = Array.from(
      { length: count },
      () => new ApplyWorker({ ...options, workerUrl: options.workerUrl ?? DEFAULT_WORKER_URL }),
    );
  }

  async ready(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.ready()));
  }

  #of(docId: string): ApplyWorker {
    return this.#workers[hash(docId) % this.#workers.length] as ApplyWorker;
  }

  write(
    docId: string,
    person: Person,
    update: Uint8Array,
    facts?: Readonly<Record<string, unknown>>,
  ): Promise<WriteResult> {
    const plain = {
      id: person.id,
      unitId: person.unitId,
      rank: person.rank,
      ...(person.admin ? { admin: true } : {}),
      ...(person.mergedUnitIds?.length ? { mergedUnitIds: [...person.mergedUnitIds] } : {}),
    };
    const request = facts ? { op: 'write', person: plain, update, facts } : { op: 'write', person: plain, update };
    return this.#of(docId).ask(docId, request as { op: 'write' }) as Promise<WriteResult>;
  }

  /** Writes a document's register number into it, as the relay (docs/design.md §18). */
  register(docId: string, entry: RegisterEntry): Promise<WriteResult> {
    return this.#of(docId).ask(docId, { op: 'register', entry } as { op: 'register' }) as Promise<WriteResult>;
  }

  /** Writes the figures that changed into a unit's `dash/<unitId>` doc, as the relay (docs/design.md §14). */
  publishDash(docId: string, patch: DashPatch): Promise<WriteResult> {
    return this.#of(docId).ask(docId, { op: 'publishDash', patch } as { op: 'publishDash' }) as Promise<WriteResult>;
  }

  /** What another doc's check may know of `docId` (its policy's facts), null when it does not exist. */
  facts(docId: string): Promise<FactsResult> {
    return this.#of(docId).ask(docId, { op: 'facts' }) as Promise<FactsResult>;
  }

  /**
   * Takes another node's committed update into the worker's copy of the doc; false when the
   * copy could not take it (it is then as before, and the caller drops it).
   */
  async absorb(docId: string, update: Uint8Array, owners: readonly ClientOwner[]): Promise<boolean> {
    const result = (await this.#of(docId).ask(docId, { op: 'absorb', update, owners } as {
      op: 'absorb';
    })) as FactsResult;
    return result.ok;
  }

  /** Whether a request for the doc is on its way in its worker. */
  busyWith(docId: string): boolean {
    return this.#of(docId).busyWith(docId);
  }

  diff(docId: string, stateVector: Uint8Array): Promise<DiffResult> {
    return this.#of(docId).ask(docId, { op: 'diff', stateVector }) as Promise<DiffResult>;
  }

  snapshot(docId: string): Promise<SnapshotResult> {
    return this.#of(docId).ask(docId, { op: 'snapshot' }) as Promise<SnapshotResult>;
  }

  unload(docId: string): void {
    this.#of(docId).unload(docId);
  }

  isResident(docId: string): boolean {
    return this.#of(docId).isResident(docId);
  }

  get residentCount(): number {
    return this.#workers.reduce((n, w) => n + w.residentCount, 0);
  }

  get restarts(): number {
    return this.#workers.reduce((n, w) => n + w.restarts, 0);
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.close()));
  }
}
