import { randomUUID } from 'node:crypto';
import type { Lock, Locker, RequestRelease } from '@tus/server';
import type { Redis } from 'ioredis';

/** How long a lock outlives a node that stopped renewing it (killed, cut off from Redis). */
const TTL_MS = 10_000;
/** How long a request waits for an upload another request holds (tus's own default). */
const ACQUIRE_TIMEOUT_MS = 30_000;
const RETRY_MS = 50;

/** Removes or extends the lock only while it is still this holder's (its token). */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/** Why a request could not have the upload: said in Vietnamese, as the upload routes' other refusals. */
export const UPLOAD_BUSY = {
  status_code: 503,
  body: JSON.stringify({
    statusCode: 503,
    error: 'upload_busy',
    message: 'Tệp này đang được gửi qua một kết nối khác; thiết bị sẽ tự gửi tiếp sau.',
  }),
};

export interface UploadLockTiming {
  readonly ttlMs?: number;
  readonly acquireTimeoutMs?: number;
  readonly retryMs?: number;
}

/**
 * The tus upload lock shared by every relay node through Redis (docs/scale-out.md, "Attachments
 * on several nodes"). @tus/server's own locker is one process's memory: a PATCH cut off on node A
 * may still be writing when the device's retry reaches node B, and both would append to the same
 * staged file. Here a lock is a Redis key (SET NX with an expiry, renewed while held, removed only
 * by its holder). A request that finds the upload locked asks the holder, on whichever node, to
 * let go (tus then ends the older request, as its memory locker does within one process), and
 * waits for the key.
 */
export class RedisUploadLocker implements Locker {
  readonly #redis: Redis;
  readonly #channel: string;
  readonly #prefix: string;
  readonly timing: Required<UploadLockTiming>;
  /** The locks this node holds: each upload's release request, to end the request holding it. */
  readonly #held = new Map<string, RequestRelease>();
  /** Subscribed: a release request from another node reaches this one from then on. */
  readonly ready: Promise<void>;

  constructor(redis: Redis, subscriber: Redis, prefix: string, timing: UploadLockTiming = {}) {
    this.#redis = redis;
    this.#prefix = `${prefix}:upload-lock:`;
    this.#channel = `${prefix}:upload-release`;
    this.timing = { ttlMs: TTL_MS, acquireTimeoutMs: ACQUIRE_TIMEOUT_MS, retryMs: RETRY_MS, ...timing };
    subscriber.on('message', (channel: string, id: string) => {
      if (channel === this.#channel) void this.#held.get(id)?.();
    });
    this.ready = subscriber.subscribe(this.#channel).then(() => undefined);
  }

  newLock(id: string): Lock {
    return new RedisUploadLock(this, id);
  }

  /** Takes the key if free; true when this holder has it. */
  async take(id: string, token: string, release: RequestRelease): Promise<boolean> {
    const taken = await this.#redis.set(this.#prefix + id, token, 'PX', this.timing.ttlMs, 'NX');
    if (taken !== 'OK') return false;
    this.#held.set(id, release);
    return true;
  }

  /** Asks whoever holds the upload, on any node, to end its request. */
  async askRelease(id: string): Promise<void> {
    await this.#redis.publish(this.#channel, id);
  }

  /** Extends the holder's key; false when it is no longer the holder's (it expired and was taken). */
  async renew(id: string, token: string): Promise<boolean> {
    return (await this.#redis.eval(RENEW, 1, this.#prefix + id, token, this.timing.ttlMs)) === 1;
  }

  async give(id: string, token: string, release: RequestRelease): Promise<void> {
    if (this.#held.get(id) === release) this.#held.delete(id);
    // Redis out of reach: the key expires by itself, and the request that held it (a finished
    // upload, often) must not fail for it.
    await this.#redis.eval(RELEASE, 1, this.#prefix + id, token).catch(() => undefined);
  }
}

class RedisUploadLock implements Lock {
  readonly #locker: RedisUploadLocker;
  readonly #id: string;
  readonly #token = randomUUID();
  #release: RequestRelease = () => undefined;
  #renewal: NodeJS.Timeout | null = null;

  constructor(locker: RedisUploadLocker, id: string) {
    this.#locker = locker;
    this.#id = id;
  }

  async lock(signal: AbortSignal, release: RequestRelease): Promise<void> {
    const { acquireTimeoutMs, retryMs, ttlMs } = this.#locker.timing;
    const deadline = Date.now() + acquireTimeoutMs;
    this.#release = release;
    // The holder is asked again now and then: it may have taken the lock after the first ask.
    for (let attempt = 0; ; attempt++) {
      if (signal.aborted) throw UPLOAD_BUSY;
      // Redis out of reach (its client gave up retrying): the same answer, the device sends later.
      const taken = await this.#locker.take(this.#id, this.#token, release).catch(() => null);
      if (taken === null) throw UPLOAD_BUSY;
      if (taken) break;
      if (attempt % 20 === 0) await this.#locker.askRelease(this.#id).catch(() => undefined);
      if (Date.now() + retryMs > deadline) throw UPLOAD_BUSY;
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
    this.#renewal = setInterval(() => {
      this.#locker.renew(this.#id, this.#token).then(
        (still) => {
          // Lost (this node was cut off past the expiry): the request must not go on writing.
          if (!still) void release();
        },
        () => undefined,
      );
    }, ttlMs / 3);
    this.#renewal.unref();
  }

  async unlock(): Promise<void> {
    if (this.#renewal) clearInterval(this.#renewal);
    this.#renewal = null;
    await this.#locker.give(this.#id, this.#token, this.#release);
  }
}
