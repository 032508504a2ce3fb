import { Worker } from 'node:worker_threads';
import type {
  DiffResult,
  EngineReply,
  EngineRequest,
  FactsResult,
  LoadedDoc,
  SnapshotResult,
  WriteResult,
} from './engine-messages.ts';

type Result = WriteResult | DiffResult | SnapshotResult | FactsResult;
type Ask = { readonly op: 'write' | 'diff' | 'snapshot' | 'facts' | 'register' | 'publishDash' | 'absorb' } & Record<
  string,
  unknown
>;

interface Outstanding {
  readonly docId: string;
  readonly request: Ask;
  readonly resolve: (result: Result) => void;
  /** Order of arrival, kept when a replacement replays it. */
  readonly seq: number;
}

export interface ApplyWorkerOptions {
  /** Loads a doc's updates (stored, then accepted but not yet committed) when the worker lacks it. */
  readonly loader: (docId: string) => Promise<LoadedDoc>;
  /** A request not answered within this time kills the worker; its write is refused. */
  readonly timeoutMs: number;
  /** Module the worker runs: the tsx boot file from source, or a bundle. */
  readonly workerUrl: URL;
  readonly workerData?: unknown;
  /** Heap cap of the worker, so an update that exhausts memory kills the worker, not the relay. */
  readonly maxHeapMb: number;
  readonly onRestart?: (reason: string) => void;
}

const LOAD_FAILED: Result = {
  ok: false,
  code: 'storage_failed',
  message: 'Máy chủ chưa đọc được dữ liệu đang lưu; thay đổi sẽ được tự động gửi lại.',
};

const TIMED_OUT: Result = {
  ok: false,
  code: 'timeout',
  message: 'Thay đổi này mất quá nhiều thời gian xử lý nên đã bị từ chối.',
};

/**
 * One apply worker seen from the main thread (docs/design.md §4): posts requests in order per doc,
 * loads docs the worker lacks, and watches the time. If the oldest request is not answered in
 * time (or the worker dies), the worker is replaced, that request is refused, and every other
 * pending request is replayed on the new worker.
 */
export class ApplyWorker {
  readonly #options: ApplyWorkerOptions;
  #worker!: Worker;
  #ready!: Promise<void>;
  #nextId = 1;
  readonly #outstanding = new Map<number, Outstanding>();
  /** Asked but not yet posted: waiting in their doc's lane (a load in progress). */
  readonly #queued = new Set<Outstanding>();
  #nextSeq = 1;
  /** Bumped by each replacement: lanes of an older worker post nothing to the new one. */
  #generation = 0;
  readonly #resident = new Set<string>();
  /** Docs whose next post must wait for an earlier one (a load in progress). */
  readonly #lanes = new Map<string, Promise<void>>();
  #watchdog: ReturnType<typeof setTimeout> | null = null;
  #started = false;
  /** Posts made before the worker said it listens: sent once it does, in order. */
  #unsent: EngineRequest[] = [];
  /**
   * Posts of this event-loop turn, sent together at its end: one message per turn instead of one
   * per write (posting costs the main thread more than a write's bytes do).
   */
  #outbox: EngineRequest[] = [];
  /**
   * The id of the request the worker is working on, written by the worker (engine-worker.ts):
   * a replacement refuses exactly the request the worker was stuck on, though its replies come
   * back in batches.
   */
  #progress = new Int32Array(new SharedArrayBuffer(4));
  #closing = false;
  restarts = 0;

  constructor(options: ApplyWorkerOptions) {
    this.#options = options;
    this.#spawn();
  }

  /** Resolves once the worker has started. */
  ready(): Promise<void> {
    return this.#ready;
  }

  get residentCount(): number {
    return this.#resident.size;
  }

  isResident(docId: string): boolean {
    return this.#resident.has(docId);
  }

  /** Whether a request for the doc is on its way: asked, loading, or posted and not answered. */
  busyWith(docId: string): boolean {
    if (this.#lanes.has(docId)) return true;
    for (const entry of this.#outstanding.values()) if (entry.docId === docId) return true;
    for (const entry of this.#queued) if (entry.docId === docId) return true;
    return false;
  }

  get pending(): number {
    return this.#outstanding.size;
  }

  ask(docId: string, request: Ask): Promise<Result> {
    return new Promise<Result>((resolve) => this.#enqueue({ docId, request, resolve, seq: this.#nextSeq++ }));
  }

  unload(docId: string): void {
    const drop = () => {
      if (!this.#resident.delete(docId)) return;
      this.#post({ op: 'unload', docId });
    };
    const lane = this.#lanes.get(docId);
    if (lane) this.#lanes.set(docId, lane.then(drop));
    else drop();
  }

  async close(): Promise<void> {
    this.#closing = true;
    while (this.#outstanding.size > 0 || this.#lanes.size > 0 || this.#queued.size > 0) {
      await Promise.all([...this.#lanes.values()]);
      if (this.#outstanding.size > 0) await new Promise((r) => setTimeout(r, 1));
    }
    if (this.#watchdog) clearTimeout(this.#watchdog);
    await this.#worker.terminate();
  }

  #spawn(): void {
    this.#progress = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(this.#options.workerUrl, {
      workerData: { ...(this.#options.workerData as object | undefined), progress: this.#progress },
      resourceLimits: { maxOldGenerationSizeMb: this.#options.maxHeapMb },
    });
    this.#worker = worker;
    this.#started = false;
    this.#unsent = [];
    this.#outbox = [];
    let started!: () => void;
    this.#ready = new Promise<void>((resolve) => {
      started = resolve;
    });
    worker.on('message', (reply: EngineReply | EngineReply[]) => {
      if (Array.isArray(reply)) {
        for (const one of reply) this.#answer(one);
        return;
      }
      if (reply.id !== 0) return this.#answer(reply);
      // The clock starts once the worker runs: its start-up is not an update's fault.
      this.#started = true;
      // Only now is every listener of the worker in place (a wrapper module may listen before
      // the engine does, and a message it ignores would be lost), so the queue goes out now.
      const unsent = this.#unsent.splice(0);
      if (unsent.length > 0) worker.postMessage(unsent);
      this.#arm();
      started();
    });
    const died = (reason: string) => {
      if (this.#worker !== worker || this.#closing) return;
      this.#replace(reason);
    };
    worker.on('error', (error) => died(`worker failed: ${String(error)}`));
    worker.on('exit', (code) => died(`worker exited with ${code}`));
  }

  #answer(reply: EngineReply): void {
    const entry = this.#outstanding.get(reply.id);
    if (!entry) return;
    this.#outstanding.delete(reply.id);
    this.#arm();
    entry.resolve(reply.result);
  }

  #arm(): void {
    if (this.#watchdog) clearTimeout(this.#watchdog);
    this.#watchdog = null;
    if (this.#outstanding.size === 0 || !this.#started) return;
    this.#watchdog = setTimeout(() => this.#replace('timed out'), this.#options.timeoutMs);
    this.#watchdog.unref?.();
  }

  /**
   * Kills the worker, refuses the request it was stuck on, and replays the others on a new one
   * in the order they arrived — those still waiting for their doc to load included, so a newer
   * write never reaches the new worker before an older one to the same doc.
   */
  #replace(reason: string): void {
    const old = this.#worker;
    // The request the worker was on; the oldest if it died between two.
    const working = this.#outstanding.get(Atomics.load(this.#progress, 0));
    const culprit = working ?? this.#outstanding.values().next().value;
    const posted = [...this.#outstanding.values()].filter((entry) => entry !== culprit);
    const rest = [...posted, ...this.#queued].sort((a, b) => a.seq - b.seq);
    this.#generation++;
    this.#outstanding.clear();
    this.#queued.clear();
    this.#resident.clear();
    this.#lanes.clear();
    if (this.#watchdog) clearTimeout(this.#watchdog);
    this.#watchdog = null;
    this.restarts++;
    this.#spawn();
    void old.terminate();
    this.#options.onRestart?.(reason);
    culprit?.resolve(TIMED_OUT);
    for (const entry of rest) this.#enqueue(entry);
  }

  #enqueue(entry: Outstanding): void {
    const generation = this.#generation;
    this.#queued.add(entry);
    this.#inLane(
      entry.docId,
      generation,
      () => {
        // Replayed by a replacement meanwhile: that copy is the one that counts.
        if (generation !== this.#generation) return;
        this.#queued.delete(entry);
        const id = this.#nextId++;
        this.#outstanding.set(id, entry);
        if (this.#outstanding.size === 1) this.#arm();
        this.#post({ ...entry.request, id, docId: entry.docId } as EngineRequest);
      },
      () => {
        // Storage could not be read (PostgreSQL restarting): refused as retryable, never
        // checked against a doc the worker does not have.
        if (generation !== this.#generation) return;
        this.#queued.delete(entry);
        entry.resolve(LOAD_FAILED);
      },
    );
  }

  /**
   * Runs `post` after the doc is resident and every earlier post for the doc has run; `failed`
   * instead when the doc could not be loaded.
   */
  #inLane(docId: string, generation: number, post: () => void, failed: () => void): void {
    const lane = this.#lanes.get(docId);
    if (!lane && this.#resident.has(docId)) {
      post();
      return;
    }
    const next = (lane ?? Promise.resolve())
      .then(async () => {
        if (generation === this.#generation && !this.#resident.has(docId)) {
          const { updates, owners } = await this.#options.loader(docId);
          if (generation === this.#generation && !this.#resident.has(docId)) {
            this.#post({ op: 'load', docId, updates, owners });
            this.#resident.add(docId);
          }
        }
        post();
      })
      .catch(() => failed());
    this.#lanes.set(docId, next);
    void next.then(() => {
      if (this.#lanes.get(docId) === next) this.#lanes.delete(docId);
    });
  }

  #post(request: EngineRequest): void {
    if (!this.#started) {
      this.#unsent.push(request);
      return;
    }
    this.#outbox.push(request);
    if (this.#outbox.length > 1) return;
    const worker = this.#worker;
    // After this turn's I/O callbacks: the writes that arrived together go in one message.
    setImmediate(() => {
      if (this.#worker !== worker) return;
      const batch = this.#outbox;
      this.#outbox = [];
      worker.postMessage(batch);
    });
  }
}
