import {
  decodeMessage,
  encodeMessage,
  type Message,
  type Person,
  type Principal,
  principalsOf,
  readSyncPayload,
  type SyncMessage,
  syncStep2,
} from '@thongsuot/shared';
import type { WebSocket } from 'ws';
import type { DocStore } from '../storage/doc-store.ts';
import type { Subscriber } from './connection-registry.ts';
import type { DocHub } from './doc-hub.ts';

/** One device's socket: many documents over it (DESIGN.md §2). */
export class SyncConnection implements Subscriber {
  readonly principals: readonly Principal[];
  readonly sessionHash: string;
  readonly #socket: WebSocket;
  readonly #person: Person;
  readonly #hub: DocHub;
  readonly #store: DocStore;

  constructor(socket: WebSocket, sessionHash: string, person: Person, hub: DocHub, store: DocStore) {
    this.sessionHash = sessionHash;
    this.#socket = socket;
    this.#person = person;
    this.#hub = hub;
    this.#store = store;
    this.principals = principalsOf(person);
  }

  send(frame: Uint8Array): void {
    if (this.#socket.readyState === this.#socket.OPEN) this.#socket.send(frame);
  }

  /** Closes with an application code (4401 = session ended, sign in again). */
  close(code: number, reason: string): void {
    this.#socket.close(code, reason);
  }

  #reply(message: Message): void {
    this.send(encodeMessage(message));
  }

  async receive(frame: Uint8Array): Promise<void> {
    let message: Message;
    try {
      message = decodeMessage(frame);
    } catch (error) {
      this.#reply({
        type: 'error',
        docId: '',
        ref: 0,
        code: 'bad_frame',
        message: `Malformed frame: ${String(error)}`,
      });
      return;
    }
    switch (message.type) {
      case 'hello': {
        const manifest = await this.#store.changedSince(this.principals, message.cursor);
        this.#reply({ type: 'manifest', cursor: manifest.cursor, docIds: manifest.docIds });
        return;
      }
      case 'sync':
        await this.#receiveSync(message);
        return;
      default:
        this.#reply({
          type: 'error',
          docId: '',
          ref: 0,
          code: 'bad_frame',
          message: `Unexpected ${message.type} frame.`,
        });
    }
  }

  async #receiveSync(message: SyncMessage): Promise<void> {
    const { docId, ref } = message;
    let payload: ReturnType<typeof readSyncPayload>;
    try {
      payload = readSyncPayload(message.payload);
    } catch (error) {
      this.#reply({
        type: 'error',
        docId,
        ref,
        code: 'bad_frame',
        message: `Malformed sync message: ${String(error)}`,
      });
      return;
    }
    if (payload.kind === 'step1') {
      const diff = await this.#hub.diff(this.#person, docId, payload.stateVector);
      if (diff === null) {
        this.#reply({ type: 'error', docId, ref, code: 'not_found', message: 'No such document, or no access to it.' });
      } else {
        this.#reply({ type: 'sync', docId, ref, payload: syncStep2(diff) });
      }
      return;
    }
    const outcome = await this.#hub.write(this.#person, docId, payload.update, this);
    if (outcome.ok) {
      if (ref > 0) this.#reply({ type: 'ack', docId, refs: [ref] });
    } else {
      this.#reply({ type: 'error', docId, ref, code: outcome.code, message: outcome.message });
    }
  }
}
