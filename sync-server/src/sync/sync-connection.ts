import {
  type AwarenessMessage,
  decodeMessage,
  type ErrorCode,
  encodeMessage,
  type Message,
  type Person,
  type Principal,
  principalsOf,
  readSyncPayload,
  type SubscribeMessage,
  type SyncMessage,
  syncStep2,
} from '@thongsuot/shared';
import type { WebSocket } from 'ws';
import type { DocEvent } from '../fanout/fan-out.ts';
import type { Subscriber } from './connection-registry.ts';
import { CorkedSender } from './corked-sender.ts';
import type { EventFrames } from './event-frames.ts';
import type { RelayServices } from './relay-services.ts';
import { TokenBucket } from './token-bucket.ts';

let nextId = 1;

/**
 * One device's socket on the multiplexed endpoint: many documents over it (DESIGN.md §2).
 * Every frame is decoded, rate-limited and checked; a refused frame gets an error frame and the
 * connection carries on.
 */
export class SyncConnection implements Subscriber {
  readonly id = `m${nextId++}`;
  readonly principals: readonly Principal[];
  readonly sessionHash: string;
  readonly userId: string;
  readonly #socket: WebSocket;
  readonly #sender: CorkedSender;
  readonly #person: Person;
  readonly #s: RelayServices;
  readonly #frames: TokenBucket;
  readonly #bytes: TokenBucket;
  #refusedInRow = 0;
  #acks = new Map<string, number[]>();
  #ackScheduled = false;

  constructor(socket: WebSocket, sessionHash: string, person: Person, services: RelayServices) {
    this.sessionHash = sessionHash;
    this.userId = person.id;
    this.#socket = socket;
    this.#sender = new CorkedSender(socket);
    this.#person = person;
    this.#s = services;
    this.principals = principalsOf(person);
    const { limits, now } = services;
    this.#frames = new TokenBucket(limits.frameBurst, limits.framesPerSecond, now);
    this.#bytes = new TokenBucket(limits.byteBurst, limits.bytesPerSecond, now);
  }

  send(frame: Uint8Array): void {
    this.#sender.send(frame);
  }

  /** Closes with an application code (4401 = session ended, sign in again). */
  close(code: number, reason: string): void {
    this.#flushAcks();
    this.#socket.close(code, reason);
  }

  deliver(_event: DocEvent, frames: EventFrames, full: boolean): void {
    this.send(frames.multiplexed(full));
  }

  revoke(docId: string): void {
    this.#s.registry.unsubscribe(this, docId);
    this.#releaseAwareness(docId);
    this.#reply({ type: 'unsubscribed', docIds: [docId] });
  }

  /** Called once the socket has closed. */
  closed(): void {
    this.#s.registry.remove(this);
    this.#releaseAwareness();
  }

  #reply(message: Message): void {
    this.send(encodeMessage(message));
  }

  #refuse(docId: string, ref: number, code: ErrorCode, message: string): void {
    this.#reply({ type: 'error', docId, ref, code, message });
  }

  async receive(frame: Uint8Array): Promise<void> {
    // Limits first, so that malformed frames cost the sender its budget too.
    const allowed = this.#frames.take() && this.#bytes.take(frame.byteLength);
    let message: Message;
    try {
      message = decodeMessage(frame);
    } catch (error) {
      if (!allowed && ++this.#refusedInRow >= this.#s.limits.maxConsecutiveRefusals) this.close(1008, 'rate limit');
      this.#refuse('', 0, allowed ? 'bad_frame' : 'rate_limited', `Malformed frame: ${String(error)}`);
      return;
    }
    if (!allowed) {
      if (++this.#refusedInRow >= this.#s.limits.maxConsecutiveRefusals) this.close(1008, 'rate limit');
      const docId = 'docId' in message ? message.docId : '';
      const ref = 'ref' in message ? message.ref : 0;
      this.#refuse(docId, ref, 'rate_limited', 'Too many frames; slow down and resend.');
      return;
    }
    this.#refusedInRow = 0;
    switch (message.type) {
      case 'hello': {
        const manifest = await this.#s.store.changedSince(this.principals, message.cursor);
        this.#reply({ type: 'manifest', cursor: manifest.cursor, docIds: manifest.docIds });
        return;
      }
      case 'subscribe':
        await this.#subscribe(message);
        return;
      case 'sync':
        await this.#receiveSync(message);
        return;
      case 'awareness':
        await this.#receiveAwareness(message);
        return;
      default:
        this.#refuse('', 0, 'bad_frame', `Unexpected ${message.type} frame.`);
    }
  }

  async #subscribe(message: SubscribeMessage): Promise<void> {
    // All diffs are asked at once; answers go out as they come, in one burst (one round trip).
    await Promise.all(message.docs.map((d) => this.#sendDiff(d.docId, 0, d.stateVector)));
  }

  async #sendDiff(docId: string, ref: number, stateVector: Uint8Array): Promise<void> {
    const diff = await this.#s.hub.diff(this.principals, docId, stateVector);
    if (!diff.ok) {
      this.#refuse(docId, ref, diff.code, diff.message);
      return;
    }
    this.#s.registry.subscribe(this, docId);
    this.#reply({ type: 'sync', docId, ref, payload: syncStep2(diff.update) });
  }

  async #receiveSync(message: SyncMessage): Promise<void> {
    const { docId, ref } = message;
    let payload: ReturnType<typeof readSyncPayload>;
    try {
      payload = readSyncPayload(message.payload);
    } catch (error) {
      this.#refuse(docId, ref, 'bad_frame', `Malformed sync message: ${String(error)}`);
      return;
    }
    if (payload.kind === 'step1') {
      await this.#sendDiff(docId, ref, payload.stateVector);
      return;
    }
    if (payload.update.byteLength > this.#s.limits.maxUpdateBytes) {
      this.#refuse(docId, ref, 'too_large', `Updates are limited to ${this.#s.limits.maxUpdateBytes} bytes.`);
      return;
    }
    const outcome = await this.#s.hub.write(this.#person, docId, payload.update, this.id);
    if (!outcome.ok) {
      this.#refuse(docId, ref, outcome.code, outcome.message);
      return;
    }
    this.#s.registry.subscribe(this, docId);
    if (ref > 0) this.#ack(docId, ref);
  }

  /** Acks of one tick are sent together, one frame per doc. */
  #ack(docId: string, ref: number): void {
    const refs = this.#acks.get(docId);
    if (refs) refs.push(ref);
    else this.#acks.set(docId, [ref]);
    if (this.#ackScheduled) return;
    this.#ackScheduled = true;
    setImmediate(() => this.#flushAcks());
  }

  #flushAcks(): void {
    this.#ackScheduled = false;
    const acks = this.#acks;
    this.#acks = new Map();
    for (const [id, list] of acks) this.#reply({ type: 'ack', docId: id, refs: list });
  }

  async #receiveAwareness(message: AwarenessMessage): Promise<void> {
    const { docId } = message;
    if (!(await this.#s.hub.canRead(this.#person, docId))) {
      this.#refuse(docId, 0, 'not_found', 'No such document, or no access to it.');
      return;
    }
    const verdict = this.#s.awareness.check(this.id, docId, message.payload);
    if (!verdict.ok) {
      this.#refuse(docId, 0, 'forbidden', verdict.message);
      return;
    }
    this.#s.registry.subscribe(this, docId);
    this.#s.fanOut.publish({ kind: 'awareness', docId, payload: verdict.payload, originId: this.id });
  }

  #releaseAwareness(docId?: string): void {
    for (const gone of this.#s.awareness.release(this.id, docId)) {
      this.#s.fanOut.publish({ kind: 'awareness', docId: gone.docId, payload: gone.payload, originId: this.id });
    }
  }
}
