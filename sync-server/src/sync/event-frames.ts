import { encodeMessage, syncStep2, syncUpdate } from '@thongsuot/shared';
import * as encoding from 'lib0/encoding';
import type { DocEvent } from '../fanout/fan-out.ts';

/** y-websocket's message types (one doc per socket). */
export const Y_WEBSOCKET_SYNC = 0;
export const Y_WEBSOCKET_AWARENESS = 1;

/** A y-websocket frame: the message type, then its body as is. */
export function yWebsocketFrame(type: number, body: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  encoding.writeUint8Array(encoder, body);
  return encoding.toUint8Array(encoder);
}

/**
 * The frames of one event, encoded once however many connections receive it: fan-out to a
 * thousand readers costs one encoding per endpoint and form.
 */
export class EventFrames {
  readonly #event: DocEvent;
  #multiplexed: Uint8Array | null = null;
  #multiplexedFull: Uint8Array | null = null;
  #yWebsocket: Uint8Array | null = null;
  #yWebsocketFull: Uint8Array | null = null;

  constructor(event: DocEvent) {
    this.#event = event;
  }

  #payload(full: boolean): { kind: 'sync' | 'awareness'; body: Uint8Array } {
    const e = this.#event;
    if (e.kind === 'awareness') return { kind: 'awareness', body: e.payload };
    if (full && e.fullState) return { kind: 'sync', body: syncStep2(e.fullState) };
    return { kind: 'sync', body: syncUpdate(e.update) };
  }

  multiplexed(full: boolean): Uint8Array {
    const cached = full ? this.#multiplexedFull : this.#multiplexed;
    if (cached) return cached;
    const { kind, body } = this.#payload(full);
    const docId = this.#event.docId;
    const frame =
      kind === 'awareness'
        ? encodeMessage({ type: 'awareness', docId, payload: body })
        : encodeMessage({ type: 'sync', docId, ref: 0, payload: body });
    if (full) this.#multiplexedFull = frame;
    else this.#multiplexed = frame;
    return frame;
  }

  yWebsocket(full: boolean): Uint8Array {
    const cached = full ? this.#yWebsocketFull : this.#yWebsocket;
    if (cached) return cached;
    const { kind, body } = this.#payload(full);
    // An awareness body is length-prefixed; a sync body carries its own framing.
    const frame =
      kind === 'awareness'
        ? yWebsocketFrame(
            Y_WEBSOCKET_AWARENESS,
            encoding.encode((e) => encoding.writeVarUint8Array(e, body)),
          )
        : yWebsocketFrame(Y_WEBSOCKET_SYNC, body);
    if (full) this.#yWebsocketFull = frame;
    else this.#yWebsocket = frame;
    return frame;
  }
}
