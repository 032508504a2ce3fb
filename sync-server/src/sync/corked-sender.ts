import type { Socket } from 'node:net';
import { deflate } from 'node:zlib';
import { MessageType, PACK_MIN_BYTES } from '@thongsuot/shared';
import type { WebSocket } from 'ws';

/** zlib's level for packed frames: its default, most of the gain for a fraction of level 9's time. */
const PACK_LEVEL = 6;

/**
 * A frame's packed form, compressed once however many sockets it goes to (a doc's whole state to
 * every reader newly granted it): fan-out hands every connection the same frame object.
 */
const packing = new WeakMap<Uint8Array, Promise<Uint8Array>>();

/** `frame` packed (shared/src/protocol/packed-frame.ts), in zlib's thread pool; the frame as is if that fails. */
export function packFrame(frame: Uint8Array): Promise<Uint8Array> {
  let packed = packing.get(frame);
  if (!packed) {
    packed = new Promise((resolve) => {
      deflate(frame, { level: PACK_LEVEL }, (error, body) => {
        if (error || body.byteLength + 1 >= frame.byteLength) return resolve(frame);
        const out = new Uint8Array(body.byteLength + 1);
        out[0] = MessageType.Packed;
        out.set(body, 1);
        resolve(out);
      });
    });
    packing.set(frame, packed);
  }
  return packed;
}

/**
 * A socket's frames, in order. Frames of `PACK_MIN_BYTES` and more go packed; the frames after
 * one being packed wait for it, so the device receives them in the order they were sent.
 *
 * Frames of one turn of the event loop go in one system call: a group commit publishes many
 * updates at once, and a device subscribed to several of those docs would get one `writev` per
 * frame; corking the TCP socket until the turn ends lets Node write them together. (ws corks and
 * uncorks around each frame itself; corks nest, so ours holds.)
 */
export class CorkedSender {
  readonly #ws: WebSocket;
  #corked = false;
  /** Frames behind one being packed; null when none is. */
  #waiting: Uint8Array[] | null = null;
  #waitingBytes = 0;

  readonly #pack: boolean;

  /** `pack`: the device said it can unpack (`PACKED_PARAM`); otherwise every frame goes as it is. */
  constructor(ws: WebSocket, pack = true) {
    this.#ws = ws;
    this.#pack = pack;
  }

  /** Bytes of frames not yet handed to the socket (waiting behind a packing), for pacing reads. */
  get queuedBytes(): number {
    return this.#waitingBytes;
  }

  send(frame: Uint8Array): void {
    if (this.#ws.readyState !== this.#ws.OPEN) return;
    if (this.#waiting) {
      this.#waiting.push(frame);
      this.#waitingBytes += frame.byteLength;
    } else if (this.#pack && frame.byteLength >= PACK_MIN_BYTES) {
      this.#waiting = [];
      this.#waitingBytes = frame.byteLength;
      void packFrame(frame).then((packed) => this.#packed(packed));
    } else this.#write(frame);
  }

  #packed(packed: Uint8Array): void {
    const behind = this.#waiting ?? [];
    this.#waiting = null;
    this.#waitingBytes = 0;
    this.#write(packed);
    // In order; one of them may start another packing, and the rest then wait behind it.
    for (const frame of behind) this.send(frame);
  }

  #write(frame: Uint8Array): void {
    if (this.#ws.readyState !== this.#ws.OPEN) return;
    const tcp = (this.#ws as unknown as { _socket?: Socket })._socket;
    if (tcp && !this.#corked) {
      this.#corked = true;
      tcp.cork();
      setImmediate(() => {
        this.#corked = false;
        tcp.uncork();
      });
    }
    this.#ws.send(frame);
  }
}
