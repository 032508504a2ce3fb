import { Worker } from 'node:worker_threads';
import type { DocWrite } from './doc-store.ts';
import { ForwardingDocStore } from './forwarding-doc-store.ts';
import type { SqliteDocStore } from './sqlite-doc-store.ts';
import type { WriterReply, WriterRequest } from './sqlite-writer.ts';

/** The tsx boot file (from source) that loads `workerData.entry`, as the apply workers do. */
const BOOT_URL = new URL('../engine/engine-worker-boot.mjs', import.meta.url);
const WRITER_URL = new URL('./sqlite-writer.ts', import.meta.url);

type Send =
  | { op: 'appendBatch'; writes: readonly DocWrite[]; at: number }
  | { op: 'compact'; docId: string; upToSeq: number; state: Uint8Array }
  | { op: 'close' };

/**
 * The SQLite store with its writes on a thread of their own (docs/design.md §3): batches and
 * compactions commit on the writer thread's connection — the `synchronous=FULL` fsync no longer
 * stalls every socket — while reads stay on this thread's connection to the same file (WAL:
 * a read sees every transaction committed before it starts). A batch still resolves only once
 * its transaction is durable, so an ack still means "on disk".
 */
export class ThreadedSqliteStore extends ForwardingDocStore {
  readonly #path: string;
  readonly #bundle: URL | undefined;
  #worker!: Worker;
  #ready!: Promise<void>;
  readonly #waiting = new Map<number, (reply: WriterReply) => void>();
  #nextId = 1;
  #closed = false;

  /** `bundle`: a prebuilt writer module (the crash test's), instead of the TypeScript source. */
  constructor(path: string, reader: SqliteDocStore, bundle?: URL) {
    super(reader);
    this.#path = path;
    this.#bundle = bundle;
    this.#spawn();
  }

  /**
   * Starts the writer thread. If it dies, what it was committing is refused (`storage_failed`:
   * the devices keep those changes and send them again) and a new one takes over.
   */
  #spawn(): void {
    const worker = this.#bundle
      ? new Worker(this.#bundle, { workerData: { path: this.#path } })
      : new Worker(BOOT_URL, { workerData: { path: this.#path, entry: WRITER_URL.href } });
    this.#worker = worker;
    this.#ready = new Promise((resolve, reject) => {
      worker.on('message', (reply: WriterReply) => {
        if (reply.id === 0) return resolve();
        const waiting = this.#waiting.get(reply.id);
        this.#waiting.delete(reply.id);
        waiting?.(reply);
      });
      const died = (error: Error) => {
        if (this.#worker !== worker) return;
        reject(error);
        for (const waiting of this.#waiting.values()) waiting({ id: 0, ok: false, message: error.message });
        this.#waiting.clear();
        if (!this.#closed) this.#spawn();
      };
      worker.on('error', died);
      worker.on('exit', (code) => died(new Error(`the SQLite writer thread exited with ${code}`)));
    });
    this.#ready.catch(() => undefined);
  }

  async #ask(request: Send): Promise<WriterReply & { ok: true }> {
    if (this.#closed) throw new Error('the store is closed');
    await this.#ready;
    const id = this.#nextId++;
    const reply = await new Promise<WriterReply>((resolve) => {
      this.#waiting.set(id, resolve);
      this.#worker.postMessage({ ...request, id } as WriterRequest);
    });
    if (!reply.ok) throw Object.assign(new Error(reply.message), reply.code ? { code: reply.code } : {});
    return reply;
  }

  override async appendBatch(writes: readonly DocWrite[], at: number): Promise<number[]> {
    return (await this.#ask({ op: 'appendBatch', writes, at })).result ?? [];
  }

  override async compact(docId: string, upToSeq: number, state: Uint8Array): Promise<void> {
    await this.#ask({ op: 'compact', docId, upToSeq, state });
  }

  override async close(): Promise<void> {
    await this.#ask({ op: 'close' }).catch(() => undefined);
    this.#closed = true;
    await this.#worker.terminate();
    await this.inner.close();
  }
}
