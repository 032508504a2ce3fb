import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

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
    this.#ws.send(frame);
  }
}
