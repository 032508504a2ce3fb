import {
  type Person,
  type Principal,
  principalsOf,
  readSyncPayload,
  syncStep1,
  syncStep2,
  syncUpdate,
} from '@thongsuot/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { DocEvent } from '../fanout/fan-out.ts';
import { connectionId, type Subscriber } from './connection-registry.ts';
import { type EventFrames, Y_WEBSOCKET_AWARENESS, Y_WEBSOCKET_SYNC, yWebsocketFrame } from './event-frames.ts';
import { ReadQueue } from './read-queue.ts';
import type { RelayServices } from './relay-services.ts';
import { TokenBucket } from './token-bucket.ts';

const Y_WEBSOCKET_AUTH = 2;
const Y_WEBSOCKET_QUERY_AWARENESS = 3;
/** y-protocols/auth: permission denied. */
const PERMISSION_DENIED = 0;

/**
 * One stock y-websocket client on one doc (docs/design.md §2: our conformance peer). It speaks the
 * y-websocket framing; writes go through the same checks, commit and fan-out as the
 * multiplexed endpoint, and a refused write is answered with y-protocols' "permission denied".
 * Its frames cost the same budget: a frame token and its bytes each, and a sync step 1 a read
 * served in order by its `ReadQueue`.
 */
export class YWebsocketConnection implements Subscriber {
  readonly id = connectionId('y');
  readonly principals: readonly Principal[];
  readonly sessionHash: string;
  readonly userId: string;
  readonly docId: string;
  readonly #socket: WebSocket;
  readonly #person: Person;
  readonly #s: RelayServices;
  readonly #frames: TokenBucket;
  readonly #bytes: TokenBucket;
  readonly #reads: ReadQueue;
  #refusedInRow = 0;

  constructor(
    socket: WebSocket,
    sessionHash: string,
    person: Person,
    docId: string,
    services: RelayServices,
    onError: (error: unknown) => void,
  ) {
    this.#socket = socket;
    this.sessionHash = sessionHash;
    this.userId = person.id;
    this.docId = docId;
    this.#person = person;
    this.#s = services;
    this.principals = principalsOf(person);
    this.#frames = new TokenBucket(services.limits.frameBurst, services.limits.framesPerSecond, services.now);
    this.#bytes = new TokenBucket(services.limits.byteBurst, services.limits.bytesPerSecond, services.now);
    this.#reads = new ReadQueue(services.limits, services.now, () => socket.bufferedAmount, onError);
  }

  /** Sends the server's state vector, as the y-websocket server does, so the client sends what it has. */
  async open(): Promise<void> {
    this.#s.registry.subscribe(this, this.docId);
    const full = await this.#s.hub.diff(this.principals, this.docId, new Uint8Array([0]));
    if (!full.ok) {
      this.close(4404, 'no such document');
      return;
    }
    this.#send(Y_WEBSOCKET_SYNC, syncStep1(Y.encodeStateVectorFromUpdate(full.update)));
  }

  #send(type: number, body: Uint8Array): void {
    if (this.#socket.readyState === this.#socket.OPEN) this.#socket.send(yWebsocketFrame(type, body));
  }

  #deny(reason: string): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, PERMISSION_DENIED);
    encoding.writeVarString(encoder, reason);
    this.#send(Y_WEBSOCKET_AUTH, encoding.toUint8Array(encoder));
  }

  deliver(event: DocEvent, frames: EventFrames, full: boolean): void {
    if (event.docId !== this.docId || this.#socket.readyState !== this.#socket.OPEN) return;
    this.#socket.send(frames.yWebsocket(full));
  }

  revoke(docId: string): void {
    if (docId === this.docId) this.close(4403, 'access removed');
  }

  close(code: number, reason: string): void {
    this.#socket.close(code, reason);
  }

  closed(): void {
    this.#reads.close();
    this.#s.registry.remove(this);
    for (const gone of this.#s.awareness.release(this.id)) {
      this.#s.fanOut.publish({ kind: 'awareness', docId: gone.docId, payload: gone.payload, originId: this.id });
    }
  }

  async receive(frame: Uint8Array): Promise<void> {
    if (!this.#frames.take() || !this.#bytes.take(frame.byteLength)) {
      this.#rateLimited('Thiết bị gửi quá nhiều thông điệp; hãy gửi chậm lại.');
      return;
    }
    this.#refusedInRow = 0;
    try {
      const decoder = decoding.createDecoder(frame);
      const type = decoding.readVarUint(decoder);
      const body = decoding.readTailAsUint8Array(decoder);
      if (type === Y_WEBSOCKET_SYNC) await this.#receiveSync(body);
      else if (type === Y_WEBSOCKET_AWARENESS)
        this.#receiveAwareness(decoding.readVarUint8Array(decoding.createDecoder(body)));
      else if (type !== Y_WEBSOCKET_QUERY_AWARENESS) this.#deny(`Không rõ loại thông điệp ${type}.`);
    } catch (error) {
      this.#deny(`Thông điệp không đúng định dạng (${String(error)}).`);
    }
  }

  /** A refusal for rate; a connection refused too many times in a row is closed (1008). */
  #rateLimited(reason: string): void {
    if (++this.#refusedInRow >= this.#s.limits.maxConsecutiveRefusals) this.close(1008, 'rate limit');
    this.#deny(reason);
  }

  async #receiveSync(body: Uint8Array): Promise<void> {
    const payload = readSyncPayload(body);
    if (payload.kind === 'step1') {
      const { stateVector } = payload;
      const run = async () => {
        const diff = await this.#s.hub.diff(this.principals, this.docId, stateVector);
        if (diff.ok) this.#send(Y_WEBSOCKET_SYNC, syncStep2(diff.update));
        else this.#deny(diff.message);
      };
      const queued = this.#reads.add([{ cost: 1, bytes: body.byteLength, run }]);
      if (!queued) this.#rateLimited('Thiết bị gửi quá nhiều yêu cầu; hãy gửi chậm lại.');
      return;
    }
    if (payload.update.byteLength > this.#s.limits.maxUpdateBytes) {
      this.#deny('Thay đổi quá lớn.');
      return;
    }
    const outcome = await this.#s.hub.write(this.#person, this.docId, payload.update, this.id);
    if (!outcome.ok) this.#deny(outcome.message);
    else if (outcome.receipt) this.#send(Y_WEBSOCKET_SYNC, syncUpdate(outcome.receipt));
  }

  #receiveAwareness(payload: Uint8Array): void {
    const verdict = this.#s.awareness.check(this.id, this.docId, payload);
    if (!verdict.ok) {
      this.#deny(verdict.message);
      return;
    }
    this.#s.fanOut.publish({ kind: 'awareness', docId: this.docId, payload: verdict.payload, originId: this.id });
  }
}
