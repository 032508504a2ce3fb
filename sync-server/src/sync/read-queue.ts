import { TokenBucket } from './token-bucket.ts';

/**
 * Docs of a subscribe read together, between two turns of the event loop: small enough that a
 * slice of unknown ids (one indexed read each) or of diffs (queued in the apply worker ahead of
 * other connections' requests) holds nobody up for long.
 */
export const READ_SLICE = 25;
/** While this much is waiting to go out on the socket, reads wait: a peer that stops reading stops being served. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Longest single wait, so that a closed connection's queue stops soon even under a stopped clock. */
const MAX_WAIT_MS = 250;

export interface ReadLimits {
  readonly readsPerSecond: number;
  readonly readBurst: number;
  readonly maxQueuedReads: number;
  /** The byte budget's burst: no connection holds more than this of frames waiting to be read. */
  readonly byteBurst: number;
}

/**
 * Work costing `cost` reads: a hello (a manifest query), one doc's diff, or a slice of a
 * subscribe. `bytes` of the frame it came in are held until it has run.
 */
export interface ReadSlice {
  readonly cost: number;
  readonly bytes: number;
  readonly run: () => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One connection's reads, served in arrival order a slice at a time within its read budget
 * (docs/design.md §4): a slice runs once its cost in tokens is there, and the event loop turns
 * between slices, so no connection's reads hold the relay up for long, however many it sends.
 * Reads beyond the budget wait instead of being refused — a new device's manifest of thousands
 * of docs is served, only more slowly — up to `maxQueuedReads`; `add` refuses beyond that.
 */
export class ReadQueue {
  readonly #bucket: TokenBucket;
  readonly #burst: number;
  readonly #max: number;
  readonly #maxBytes: number;
  readonly #bufferedBytes: () => number;
  readonly #onError: (error: unknown) => void;
  #slices: (ReadSlice | undefined)[] = [];
  #head = 0;
  #queued = 0;
  #queuedBytes = 0;
  #running = false;
  #closed = false;

  constructor(limits: ReadLimits, now: () => number, bufferedBytes: () => number, onError: (error: unknown) => void) {
    this.#bucket = new TokenBucket(limits.readBurst, limits.readsPerSecond, now);
    this.#burst = limits.readBurst;
    this.#max = limits.maxQueuedReads;
    this.#maxBytes = limits.byteBurst;
    this.#bufferedBytes = bufferedBytes;
    this.#onError = onError;
  }

  /**
   * Queues the slices, in order, after everything queued before; false (nothing queued) if the
   * backlog would pass its cap in reads or in bytes.
   */
  add(slices: readonly ReadSlice[]): boolean {
    if (this.#closed) return true;
    const cost = slices.reduce((sum, slice) => sum + slice.cost, 0);
    const bytes = slices.reduce((sum, slice) => sum + slice.bytes, 0);
    if (this.#queued + cost > this.#max || this.#queuedBytes + bytes > this.#maxBytes) return false;
    this.#queued += cost;
    this.#queuedBytes += bytes;
    this.#slices.push(...slices);
    if (!this.#running) void this.#drain();
    return true;
  }

  /** Drops what is waiting; a slice already running finishes. */
  close(): void {
    this.#closed = true;
    this.#slices = [];
    this.#head = 0;
    this.#queued = 0;
    this.#queuedBytes = 0;
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      for (let slice = this.#next(); slice && !this.#closed; slice = this.#next()) {
        const cost = Math.min(slice.cost, this.#burst);
        for (let wait = this.#wait(cost); wait > 0 && !this.#closed; wait = this.#wait(cost)) {
          await sleep(Math.min(wait, MAX_WAIT_MS));
        }
        if (this.#closed) return;
        try {
          await slice.run();
        } catch (error) {
          this.#onError(error);
        }
        if (this.#closed) return;
        this.#queued -= slice.cost;
        this.#queuedBytes -= slice.bytes;
        await nextTurn();
      }
    } finally {
      this.#running = false;
    }
  }

  /** Milliseconds until the slice may run (0: its tokens are taken). */
  #wait(cost: number): number {
    if (this.#bufferedBytes() > MAX_BUFFERED_BYTES) return 10;
    return this.#bucket.delay(cost);
  }

  #next(): ReadSlice | undefined {
    const slice = this.#slices[this.#head];
    if (!slice) {
      this.#slices = [];
      this.#head = 0;
      return undefined;
    }
    this.#slices[this.#head++] = undefined;
    if (this.#head > 1024 && this.#head * 2 > this.#slices.length) {
      this.#slices = this.#slices.slice(this.#head);
      this.#head = 0;
    }
    return slice;
  }
}
