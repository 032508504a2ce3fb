import type { Socket } from 'node:net';
import {
  decodeMessage,
  encodeMessage,
  isPackedFrame,
  type Message,
  PACKED_PARAM,
  RELAY_CLIENT_ID,
  readSyncPayload,
} from '@thongsuot/shared';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { plainFrame } from './plain-frame.ts';

/**
 * A Node client of the multiplexed protocol for tests: a real socket, with frames collected
 * so a test can wait for the one it expects instead of sleeping.
 */
export class TestPeer {
  readonly received: Message[] = [];
  /** Frames that came packed (compressed by the relay). */
  packedFrames = 0;
  /** Round trips so far: a send after something was received since the last send starts one. */
  roundTrips = 0;
  #receivedSinceSend = true;
  readonly #socket: WebSocket;
  readonly #listeners = new Set<(m: Message) => void>();
  #waiters: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data: Buffer) => {
      const frame = new Uint8Array(data);
      if (isPackedFrame(frame)) this.packedFrames++;
      const message = decodeMessage(plainFrame(frame));
      this.#receivedSinceSend = true;
      this.received.push(message);
      for (const listener of this.#listeners) listener(message);
      this.#waiters = this.#waiters.filter((w) => {
        if (!w.match(message)) return true;
        w.resolve(message);
        return false;
      });
    });
  }

  /**
   * `packed`: ask for packed frames, as the app does where the browser can unpack them
   * (shared/src/protocol/packed-frame.ts); the peer unpacks them before anything else sees them.
   */
  static connect(
    url: string,
    headers: Record<string, string>,
    protocols: string[] = [],
    { packed = true }: { packed?: boolean } = {},
  ): Promise<TestPeer> {
    const address = packed ? `${url}${url.includes('?') ? '&' : '?'}${PACKED_PARAM}=1` : url;
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(address, protocols, { headers });
      socket.once('open', () => resolve(new TestPeer(socket)));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  /** The ack or the refusal of the write this peer sent with `ref`. */
  verdict(ref: number): Promise<Extract<Message, { type: 'ack' | 'error' }>> {
    return this.next(
      (m): m is Extract<Message, { type: 'ack' | 'error' }> =>
        (m.type === 'ack' && m.refs.includes(ref)) || (m.type === 'error' && m.ref === ref),
    );
  }

  /** Calls `listener` with every frame from now on (the frames also stay in `received`). */
  onMessage(listener: (m: Message) => void): void {
    this.#listeners.add(listener);
  }

  send(message: Message): void {
    this.sendRaw(encodeMessage(message));
  }

  sendRaw(frame: Uint8Array): void {
    if (this.#receivedSinceSend) this.roundTrips++;
    this.#receivedSinceSend = false;
    this.#socket.send(frame);
  }

  /**
   * Sends the frames in one TCP write, so the relay reads them in one chunk: ws then emits them
   * one after the other in the same turn, before any of its handlers' awaits resolve.
   */
  sendTogether(messages: readonly Message[]): void {
    const tcp = (this.#socket as unknown as { _socket: Socket })._socket;
    tcp.write(Buffer.concat(messages.map((m) => clientFrame(encodeMessage(m)))));
  }

  /** Waits for `count` frames matching `match`, in arrival order. */
  async collect<T extends Message>(match: (m: Message) => m is T, count: number, timeoutMs = 20_000): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(await this.next(match, timeoutMs));
    return out;
  }

  /** Resolves with the first frame (already received or arriving later) that matches. */
  /**
   * The default wait is long on purpose: a fresh server boots its apply worker lazily, and on a
   * loaded 2-core CI machine the first write can take seconds. Tests that expect silence pass
   * a short timeout explicitly.
   */
  next<T extends Message>(match: (m: Message) => m is T, timeoutMs = 20_000): Promise<T> {
    const seen = this.received.find(match);
    if (seen) {
      this.received.splice(this.received.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        match,
        resolve: (m: Message) => {
          clearTimeout(timer);
          this.received.splice(this.received.indexOf(m), 1);
          resolve(m as T);
        },
      };
      // A wait that timed out stops waiting: the frame it wanted, arriving later, is kept.
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new Error('timed out waiting for a frame'));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  closed(): Promise<number> {
    return new Promise((resolve) => {
      if (this.#socket.readyState === WebSocket.CLOSED) resolve(1006);
      else this.#socket.once('close', (code) => resolve(code));
    });
  }

  close(): void {
    this.#socket.close();
  }
}

/** A client's binary WebSocket frame (RFC 6455 §5.2), masked with a zero key (any key will do). */
function clientFrame(payload: Uint8Array): Buffer {
  if (payload.byteLength >= 65_536) throw new Error('clientFrame: frames of 64 KiB and more are not needed here');
  const short = payload.byteLength < 126;
  const header = short
    ? [0x82, 0x80 | payload.byteLength]
    : [0x82, 0x80 | 126, payload.byteLength >> 8, payload.byteLength & 0xff];
  return Buffer.concat([Buffer.from([...header, 0, 0, 0, 0]), payload]);
}

export const isAck = (m: Message): m is Extract<Message, { type: 'ack' }> => m.type === 'ack';
export const isError = (m: Message): m is Extract<Message, { type: 'error' }> => m.type === 'error';
export const isManifest = (m: Message): m is Extract<Message, { type: 'manifest' }> => m.type === 'manifest';
/**
 * The relay's receipts for the peer's own write (docs/design.md §11): an update made only of the
 * relay's structs, sent to the writer just before the ack.
 */
export const isReceipt = (m: Message): m is Extract<Message, { type: 'sync' }> => {
  if (m.type !== 'sync' || m.ref !== 0) return false;
  const payload = readSyncPayload(m.payload);
  if (payload.kind !== 'update') return false;
  const { structs } = Y.decodeUpdate(payload.update);
  return structs.length > 0 && structs.every((s) => s.id.client === RELAY_CLIENT_ID);
};
/** A sync frame that relays or answers something: receipts for the peer's own writes aside. */
export const isSync = (m: Message): m is Extract<Message, { type: 'sync' }> => m.type === 'sync' && !isReceipt(m);
export const isUnsubscribed = (m: Message): m is Extract<Message, { type: 'unsubscribed' }> =>
  m.type === 'unsubscribed';
export const isAwareness = (m: Message): m is Extract<Message, { type: 'awareness' }> => m.type === 'awareness';
