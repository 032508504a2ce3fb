import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/**
 * Frames from this size on go compressed where the device took `permessage-deflate`; smaller ones
 * (live edits, acks, receipts) go as they are (docs/design.md "Compressed sync frames").
 */
export const COMPRESS_MIN_BYTES = 1024;

/**
 * Sends one frame, compressed only from `COMPRESS_MIN_BYTES` on. ws applies its own `threshold`
 * only when the connection has no compression context to keep; browsers keep one, and then ws
 * deflates every frame unless told not to: each live edit to each reader cost a deflate call.
 */
export function sendFrame(ws: WebSocket, frame: Uint8Array): void {
  ws.send(frame, { compress: frame.byteLength >= COMPRESS_MIN_BYTES });
}

/**
 * Sends a socket's frames of one turn of the event loop in one system call. A group commit
 * publishes many updates at once, and a device subscribed to several of those docs would get
 * one `writev` per frame; corking the TCP socket until the turn ends lets Node write them
 * together. (ws corks and uncorks around each frame itself; corks nest, so ours holds.)
 */
export class CorkedSender {
  readonly #ws: WebSocket;
  #corked = false;

  constructor(ws: WebSocket) {
    this.#ws = ws;
  }

  send(frame: Uint8Array): void {
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
    sendFrame(this.#ws, frame);
  }
}
