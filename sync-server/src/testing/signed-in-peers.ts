import { syncUpdate } from '@thongsuot/shared';
import type { TestPeer } from './test-peer.ts';
import type { TestServer } from './test-server.ts';

/**
 * One signed-in socket per username on a test server, and writes through them: what a test of
 * the relay's rules needs to say "this person sends this update" and read the answer.
 */
export class SignedInPeers {
  readonly #server: () => TestServer;
  readonly #peers = new Map<string, TestPeer>();
  #ref = 1;

  /** `server` is read when first needed (a test file starts its server in `beforeAll`). */
  constructor(server: () => TestServer) {
    this.#server = server;
  }

  async peer(username: string): Promise<TestPeer> {
    let p = this.#peers.get(username);
    if (!p) {
      p = await this.#server().peer(username);
      this.#peers.set(username, p);
    }
    return p;
  }

  /** Sends a write and resolves with the answer: an ack or an error frame. */
  async send(username: string, docId: string, update: Uint8Array) {
    const p = await this.peer(username);
    const ref = this.#ref++;
    p.send({ type: 'sync', docId, ref, payload: syncUpdate(update) });
    return p.verdict(ref);
  }

  /** A ref no write has used, for frames a test builds itself. */
  nextRef(): number {
    return this.#ref++;
  }

  close(): void {
    for (const p of this.#peers.values()) p.close();
    this.#peers.clear();
  }
}
