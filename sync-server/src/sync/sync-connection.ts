import {
  type AwarenessMessage,
  decodeMessage,
  type ErrorCode,
  encodeMessage,
  FrameLimitError,
  MAX_SUBSCRIBE_DOCS,
  type Message,
  type Person,
  type Principal,
  principalsOf,
  readSyncPayload,
  type SubscribeMessage,
  type SyncMessage,
  syncStep2,
  syncUpdate,
} from '@thongsuot/shared';
import type { WebSocket } from 'ws';
import type { DocEvent } from '../fanout/fan-out.ts';
import { connectionId, type Subscriber } from './connection-registry.ts';
import { CorkedSender } from './corked-sender.ts';
import type { EventFrames } from './event-frames.ts';
import { READ_SLICE, ReadQueue, type ReadSlice } from './read-queue.ts';
import type { RelayServices } from './relay-services.ts';
import { TokenBucket } from './token-bucket.ts';

/**
 * One device's socket on the multiplexed endpoint: many documents over it (docs/design.md §2).
 * Every frame is decoded, rate-limited and checked; a refused frame gets an error frame and the
 * connection carries on. Every frame costs a frame token and its bytes; reads (hello, each doc a
 * subscribe names, sync step 1) also cost read tokens and are served in order, a slice at a
 * time, by the connection's `ReadQueue`.
 */
export class SyncConnection implements Subscriber {
  readonly id = connectionId('m');
  readonly principals: readonly Principal[];
  readonly sessionHash: string;
  readonly userId: string;
  readonly #socket: WebSocket;
  readonly #sender: CorkedSender;
  readonly #person: Person;
  readonly #s: RelayServices;
  readonly #frames: TokenBucket;
  readonly #bytes: TokenBucket;
  readonly #reads: ReadQueue;
  #refusedInRow = 0;
  #acks = new Map<string, number[]>();
  #ackScheduled = false;

  constructor(
    socket: WebSocket,
    sessionHash: string,
    person: Person,
    services: RelayServices,
    onError: (error: unknown) => void,
    /** The device can unpack packed frames (shared/src/protocol/packed-frame.ts). */
    packed = false,
  ) {
    this.sessionHash = sessionHash;
    this.userId = person.id;
    this.#socket = socket;
    this.#sender = new CorkedSender(socket, packed);
    this.#person = person;
    this.#s = services;
    this.principals = principalsOf(person);
    const { limits, now } = services;
    this.#frames = new TokenBucket(limits.frameBurst, limits.framesPerSecond, now);
    this.#bytes = new TokenBucket(limits.byteBurst, limits.bytesPerSecond, now);
    const sender = this.#sender;
    this.#reads = new ReadQueue(limits, now, () => socket.bufferedAmount + sender.queuedBytes, onError);
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
    this.#reads.close();
    this.#s.registry.remove(this);
    this.#releaseAwareness();
  }

  #reply(message: Message): void {
    if (message.type === 'ack') this.#s.metrics?.acks.inc(message.refs.length);
    else if (message.type === 'error') {
      this.#s.metrics?.refusals.inc({ code: message.code });
      // A write the rules refused is worth an inspector's look (someone trying what they may not).
      if (message.code === 'forbidden' && message.docId) {
        this.#s.audit?.recordSoon({
          actorId: this.userId,
          action: 'write.refused',
          docId: message.docId,
          detail: message.message,
        });
      }
    }
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
      if (!allowed) this.#rateLimited('', 0, 'Thiết bị gửi quá nhiều yêu cầu cùng lúc; hãy chậm lại và gửi lại sau.');
      else if (error instanceof FrameLimitError) {
        this.#refuse('', 0, 'too_large', `Mỗi yêu cầu đồng bộ chỉ được nêu tối đa ${MAX_SUBSCRIBE_DOCS} mục dữ liệu.`);
      } else this.#refuse('', 0, 'bad_frame', `Yêu cầu không đúng định dạng (${String(error)}).`);
      return;
    }
    if (!allowed) {
      const docId = 'docId' in message ? message.docId : '';
      const ref = 'ref' in message ? message.ref : 0;
      this.#rateLimited(docId, ref, 'Thiết bị gửi quá nhiều yêu cầu cùng lúc; hãy chậm lại và gửi lại sau.');
      return;
    }
    this.#refusedInRow = 0;
    switch (message.type) {
      case 'hello':
        this.#read('', 0, [{ cost: this.#s.limits.helloReads, bytes: 0, run: () => this.#manifest(message.cursor) }]);
        return;
      case 'subscribe':
        this.#subscribe(message, frame.byteLength);
        return;
      case 'sync':
        await this.#receiveSync(message);
        return;
      case 'awareness':
        await this.#receiveAwareness(message);
        return;
      default:
        this.#refuse('', 0, 'bad_frame', `Yêu cầu loại "${message.type}" không hợp lệ ở đây.`);
    }
  }

  /** A refusal for rate; a connection refused too many times in a row is closed (1008). */
  #rateLimited(docId: string, ref: number, message: string): void {
    if (++this.#refusedInRow >= this.#s.limits.maxConsecutiveRefusals) this.close(1008, 'rate limit');
    this.#refuse(docId, ref, 'rate_limited', message);
  }

  /** Queues reads; refused whole (and counted as a rate refusal) when the backlog is full. */
  #read(docId: string, ref: number, slices: readonly ReadSlice[]): void {
    if (this.#reads.add(slices)) return;
    this.#rateLimited(docId, ref, 'Thiết bị yêu cầu quá nhiều dữ liệu cùng lúc; hãy yêu cầu lại sau.');
  }

  async #manifest(cursor: number): Promise<void> {
    const manifest = await this.#s.store.changedSince(this.principals, cursor);
    this.#reply({ type: 'manifest', cursor: manifest.cursor, docIds: manifest.docIds });
  }

  #subscribe(message: SubscribeMessage, bytes: number): void {
    // A slice's diffs are asked at once and answered as they come; the slices follow one
    // another without waiting for a round trip, so the client still needs only one.
    const slices: ReadSlice[] = [];
    for (let i = 0; i < message.docs.length; i += READ_SLICE) {
      const docs = message.docs.slice(i, i + READ_SLICE);
      slices.push({
        cost: docs.length,
        // The state vectors are views into the frame: it is held until its last slice has run.
        bytes: i + READ_SLICE >= message.docs.length ? bytes : 0,
        run: async () => {
          await Promise.all(docs.map((d) => this.#sendDiff(d.docId, 0, d.stateVector)));
        },
      });
    }
    this.#read('', 0, slices);
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
      this.#refuse(docId, ref, 'bad_frame', `Thông điệp đồng bộ không đúng định dạng (${String(error)}).`);
      return;
    }
    if (payload.kind === 'step1') {
      const { stateVector } = payload;
      const bytes = message.payload.byteLength;
      this.#read(docId, ref, [{ cost: 1, bytes, run: () => this.#sendDiff(docId, ref, stateVector) }]);
      return;
    }
    this.#s.metrics?.writes.inc();
    if (payload.update.byteLength > this.#s.limits.maxUpdateBytes) {
      this.#refuse(docId, ref, 'too_large', `Mỗi thay đổi không được vượt quá ${this.#s.limits.maxUpdateBytes} byte.`);
      return;
    }
    const outcome = await this.#s.hub.write(this.#person, docId, payload.update, this.id);
    if (!outcome.ok) {
      this.#refuse(docId, ref, outcome.code, outcome.message);
      return;
    }
    this.#s.registry.subscribe(this, docId);
    // The relay's receipts for what the device just wrote, ahead of the ack (fan-out skips the writer).
    if (outcome.receipt) this.#reply({ type: 'sync', docId, ref: 0, payload: syncUpdate(outcome.receipt) });
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
      this.#refuse(docId, 0, 'not_found', 'Không có dữ liệu này, hoặc bạn không có quyền truy cập.');
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
