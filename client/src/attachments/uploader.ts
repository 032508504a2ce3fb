import type { LocalDb, UploadRow } from '../store/local-db.ts';
import { reconnectDelay } from '../sync/backoff.ts';
import { markOnServer } from './file-rows.ts';

/** What one upload does now, for the attachment's badge. */
export interface UploadProgress {
  readonly sent: number;
  readonly total: number;
}

/** How one attempt ended. */
type Outcome = 'done' | 'retry' | 'refused';

/** The parts of tus-js-client the queue uses (so the library loads only when a file waits). */
interface TusModule {
  Upload: typeof import('tus-js-client').Upload;
}

export interface UploadQueueOptions {
  readonly endpoint?: string;
  readonly random?: () => number;
  /** The tus library; loaded on first use by default. */
  readonly tus?: () => Promise<TusModule>;
  readonly chunkSize?: number;
  /** Web Locks name: tabs of one person take turns, so no file is sent by two tabs at once. */
  readonly lockName?: string;
}

/**
 * The outbox of files (docs/design.md §13). Every attached file waits here, kept in IndexedDB,
 * until the server says it holds the whole file durably with the right hash: then, and only then,
 * the file counts as saved on the server. Uploads are resumable (tus): the upload's URL is stored
 * with the row, so a network drop or an app restart resumes from the server's offset, and they
 * are retried with backoff with no expiry. One upload at a time: on a weak link, one file
 * finishing beats five at 20%. A file the server refuses for good (over a cap) waits with the
 * reason shown, and is not retried.
 */
export class UploadQueue {
  readonly #db: LocalDb;
  readonly #endpoint: string;
  readonly #random: () => number;
  readonly #tus: () => Promise<TusModule>;
  readonly #chunkSize: number;
  readonly #lockName: string | undefined;
  readonly #progress = new Map<string, UploadProgress>();
  readonly #listeners = new Set<() => void>();
  #running = false;
  #again = false;
  #stopped = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #abort: (() => void) | null = null;
  readonly #onOnline = (): void => this.kick();

  constructor(db: LocalDb, options: UploadQueueOptions = {}) {
    this.#db = db;
    this.#endpoint = options.endpoint ?? '/api/uploads/';
    this.#random = options.random ?? Math.random;
    this.#tus = options.tus ?? (() => import('tus-js-client'));
    this.#chunkSize = options.chunkSize ?? 2 * 1024 * 1024;
    this.#lockName = options.lockName;
  }

  start(): void {
    globalThis.addEventListener?.('online', this.#onOnline);
    this.kick();
  }

  stop(): void {
    this.#stopped = true;
    globalThis.removeEventListener?.('online', this.#onOnline);
    if (this.#timer) clearTimeout(this.#timer);
    this.#abort?.();
  }

  /** Bytes the server has of a file being uploaded now (undefined when none is). */
  progressOf(sha256: string): UploadProgress | undefined {
    return this.#progress.get(sha256);
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A refused file sent again on the person's request (the reason may have passed: a new day). */
  async retry(sha256: string): Promise<void> {
    await this.#db.uploads.update(sha256, { refused: false, lastError: undefined, attempts: 0 });
    this.kick();
  }

  /** Work through the waiting files now (a file was attached, the network came back). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (this.#running) {
      this.#again = true;
      return;
    }
    void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#running = true;
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    try {
      if (this.#lockName && locks) await locks.request(this.#lockName, () => this.#drainHeld());
      else await this.#drainHeld();
    } finally {
      this.#running = false;
    }
  }

  async #drainHeld(): Promise<void> {
    do {
      this.#again = false;
      const waiting = (await this.#db.uploads.orderBy('createdAt').toArray()).filter((row) => !row.refused);
      for (const row of waiting) {
        if (this.#stopped) return;
        const outcome = await this.#attempt(row);
        if (outcome === 'retry') {
          const attempts = ((await this.#db.uploads.get(row.sha256))?.attempts ?? row.attempts) + 1;
          await this.#db.uploads.update(row.sha256, { attempts });
          this.#schedule(reconnectDelay(attempts, this.#random, 1_000, 60_000));
          return;
        }
      }
    } while (this.#again && !this.#stopped);
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.kick();
    }, delayMs);
  }

  async #attempt(listed: UploadRow): Promise<Outcome> {
    // Another tab may have finished it meanwhile.
    const row = await this.#db.uploads.get(listed.sha256);
    if (!row || row.refused) return 'done';
    const blob = await this.#db.blobs.get(row.sha256);
    if (!blob) {
      // Nothing to send (cannot happen: a waiting file is never evicted); drop the stale row.
      await this.#db.uploads.delete(row.sha256);
      return 'done';
    }
    if (globalThis.navigator?.onLine === false) return 'retry';
    // A file this device got from the server: this person may already read it there, so it is
    // claimed rather than sent again (the server answers 404 otherwise, and then it is sent).
    if (blob.onServer === 1) {
      try {
        const claimed = await fetch(`/api/blobs/${row.sha256}/claim`, { method: 'POST', credentials: 'same-origin' });
        if (claimed.status === 204) {
          await markOnServer(this.#db, row.sha256);
          return 'done';
        }
      } catch {
        return 'retry';
      }
    }
    let tus: TusModule;
    try {
      tus = await this.#tus();
    } catch {
      return 'retry';
    }
    return new Promise<Outcome>((resolve) => {
      let settled = false;
      const settle = (outcome: Outcome): void => {
        if (settled) return;
        settled = true;
        this.#abort = null;
        this.#progress.delete(row.sha256);
        this.#emit();
        resolve(outcome);
      };
      const upload = new tus.Upload(blob.data, {
        endpoint: this.#endpoint,
        ...(row.uploadUrl ? { uploadUrl: row.uploadUrl } : {}),
        chunkSize: this.#chunkSize,
        // Retries within one attempt; after them the queue's own backoff takes over, forever.
        retryDelays: [0, 1_000, 3_000],
        metadata: { sha256: row.sha256, filename: blob.name, filetype: blob.mimeType },
        storeFingerprintForResuming: false,
        onUploadUrlAvailable: () => {
          if (upload.url) void this.#db.uploads.update(row.sha256, { uploadUrl: upload.url });
        },
        onProgress: (sent, total) => {
          this.#progress.set(row.sha256, { sent, total });
          this.#emit();
        },
        onShouldRetry: (error) => {
          const status = error.originalResponse?.getStatus() ?? 0;
          return status === 0 || status === 409 || status === 423 || status >= 500;
        },
        onSuccess: () => {
          // The server answers the last chunk only once the file is fsync'd and its hash checked.
          void markOnServer(this.#db, row.sha256).then(() => settle('done'));
        },
        onError: (error) => {
          const response = 'originalResponse' in error ? error.originalResponse : null;
          const status = response?.getStatus() ?? 0;
          if (status >= 400 && status < 500 && status !== 404 && status !== 409 && status !== 423) {
            const reason = messageOf(response?.getBody() ?? '') ?? 'Máy chủ không nhận tệp này.';
            void this.#db.uploads
              .update(row.sha256, { refused: status !== 401 && status !== 403, lastError: reason })
              .then(() => settle(status === 401 || status === 403 ? 'retry' : 'refused'));
            return;
          }
          if (status === 404) {
            // The server no longer knows the upload (expired or cleaned): start it afresh.
            void this.#db.uploads.update(row.sha256, { uploadUrl: undefined }).then(() => settle('retry'));
            return;
          }
          void this.#db.uploads
            .update(row.sha256, { lastError: 'Mất kết nối khi đang tải lên; sẽ tự tiếp tục.' })
            .then(() => settle('retry'));
        },
      });
      this.#abort = () => {
        void upload.abort();
        settle('retry');
      };
      upload.start();
    });
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}

/** The server's Vietnamese message from an error body ({ message } JSON or plain text). */
function messageOf(body: string): string | null {
  if (!body) return null;
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // plain text
  }
  return body.length < 300 ? body : null;
}
