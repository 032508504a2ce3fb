import type { Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { DocEvent, FanOut } from './fan-out.ts';

/** The one channel every node publishes its committed updates and presence on. */
export const DOC_CHANNEL = 'thongsuot:docs';

const EVENT = 0;
const MARKER = 1;

/** An event as bytes: its fields as JSON, then the binary parts (no base64 on the wire). */
function encodeEvent(event: DocEvent): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeUint8(e, EVENT);
  if (event.kind === 'update') {
    const { update, fullState, ...rest } = event;
    encoding.writeVarString(e, JSON.stringify(rest));
    encoding.writeVarUint8Array(e, update);
    if (fullState) encoding.writeVarUint8Array(e, fullState);
  } else {
    const { payload, ...rest } = event;
    encoding.writeVarString(e, JSON.stringify(rest));
    encoding.writeVarUint8Array(e, payload);
  }
  return encoding.toUint8Array(e);
}

function decode(bytes: Uint8Array): { marker: string } | { event: DocEvent } {
  const d = decoding.createDecoder(bytes);
  const type = decoding.readUint8(d);
  if (type === MARKER) return { marker: decoding.readVarString(d) };
  const fields = JSON.parse(decoding.readVarString(d)) as Record<string, unknown>;
  const first = decoding.readVarUint8Array(d);
  if (fields.kind === 'awareness') return { event: { ...fields, payload: first } as DocEvent };
  const fullState = decoding.hasContent(d) ? decoding.readVarUint8Array(d) : null;
  return { event: { ...fields, update: first, fullState } as DocEvent };
}

/**
 * Fan-out between relay nodes over Redis pub/sub (docs/scale-out.md). Each node holds two
 * connections: one publishes, one is subscribed to `DOC_CHANNEL`. Redis delivers one
 * publisher's messages to every subscriber in the order they were published; messages from
 * different nodes interleave, and a doc's order is restored by its sequence numbers (a node
 * seeing a gap reloads the doc from storage). Pub/sub keeps nothing: what a node misses while
 * Redis or its connection is down, it learns from storage, late but never lost.
 */
export class RedisFanOut implements FanOut {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #listeners = new Set<(event: DocEvent) => void>();
  readonly #markers = new Map<string, () => void>();
  readonly #seenMarkers = new Set<string>();
  readonly #missed = new Set<() => void>();
  #subscribed = false;
  #closed = false;
  readonly #channel: string;
  /** Resolves once the subscription is in place: what is published after it arrives. */
  readonly ready: Promise<void>;

  /** `publisher` and `subscriber` are two connections to the same Redis (ioredis). */
  constructor(publisher: Redis, subscriber: Redis, channel = DOC_CHANNEL) {
    this.#publisher = publisher;
    this.#subscriber = subscriber;
    this.#channel = channel;
    subscriber.on('messageBuffer', (from: Buffer, message: Buffer) => {
      if (from.toString() === channel) this.#receive(message);
    });
    this.ready = subscriber.subscribe(channel).then(() => {
      this.#subscribed = true;
    });
    // After a lost connection (Redis restarted, the network dropped) ioredis reconnects and
    // subscribes again; what was published meanwhile is gone. Those listening are told, so the
    // node reloads what it serves from storage: late, never lost.
    subscriber.on('ready', () => {
      if (!this.#subscribed || this.#closed) return;
      for (const listener of this.#missed) listener();
    });
  }

  /** `listener` runs each time the subscription came back after a loss: events may be missing. */
  onMissed(listener: () => void): () => void {
    this.#missed.add(listener);
    return () => this.#missed.delete(listener);
  }

  listening(): boolean {
    return this.#subscribed && this.#subscriber.status === 'ready';
  }

  publish(event: DocEvent): void {
    if (this.#closed) return;
    // A failed publish is not retried: other nodes see the gap in the doc's sequence numbers
    // on its next update and reload it (docs/scale-out.md).
    this.#publisher.publish(this.#channel, Buffer.from(encodeEvent(event))).catch(() => {});
  }

  subscribe(listener: (event: DocEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Publishes a marker; once a node has seen it, that node has received everything this node
   * published before it (one publisher's messages arrive in order). For tests and health checks.
   */
  async publishMarker(token: string): Promise<void> {
    const e = encoding.createEncoder();
    encoding.writeUint8(e, MARKER);
    encoding.writeVarString(e, token);
    await this.#publisher.publish(this.#channel, Buffer.from(encoding.toUint8Array(e)));
  }

  /** Resolves once this node's subscription has delivered the marker `token`. */
  markerSeen(token: string): Promise<void> {
    if (this.#seenMarkers.delete(token)) return Promise.resolve();
    return new Promise((resolve) => this.#markers.set(token, resolve));
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    this.#missed.clear();
    await Promise.allSettled([this.#subscriber.quit(), this.#publisher.quit()]);
  }

  #receive(message: Buffer): void {
    if (this.#closed) return;
    let decoded: ReturnType<typeof decode>;
    try {
      decoded = decode(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
    } catch {
      return; // Not ours (another program on the channel): ignored.
    }
    if ('marker' in decoded) {
      const resolve = this.#markers.get(decoded.marker);
      if (resolve) {
        this.#markers.delete(decoded.marker);
        resolve();
      } else this.#seenMarkers.add(decoded.marker);
      return;
    }
    for (const listener of this.#listeners) listener(decoded.event);
  }
}
