import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from '../message-type.ts';

export interface DocStateVector {
  readonly docId: string;
  readonly stateVector: Uint8Array;
}

/**
 * Client -> server: sync step 1 for many docs in one frame (docs/design.md §2, §10). The server
 * answers every readable doc with a `sync` step 2 and every other one with an `error`, in one
 * burst, so a reconnect costs a fixed number of round trips whatever the number of docs.
 */
export interface SubscribeMessage {
  readonly type: 'subscribe';
  readonly docs: readonly DocStateVector[];
}

/**
 * Most docs one `subscribe` frame may name (the client sends 500 per frame). The relay reads a
 * frame's docs a slice at a time within the connection's read budget; a frame naming more is
 * refused whole (`too_large`) before any doc in it is looked up.
 */
export const MAX_SUBSCRIBE_DOCS = 1000;

/** A frame lists more items than the protocol allows: refused as too large, not as malformed. */
export class FrameLimitError extends RangeError {}

export function encodeSubscribe(encoder: encoding.Encoder, message: SubscribeMessage): void {
  encoding.writeVarUint(encoder, MessageType.Subscribe);
  encoding.writeVarUint(encoder, message.docs.length);
  for (const doc of message.docs) {
    encoding.writeVarString(encoder, doc.docId);
    encoding.writeVarUint8Array(encoder, doc.stateVector);
  }
}

export function decodeSubscribe(decoder: decoding.Decoder, maxDocs = MAX_SUBSCRIBE_DOCS): SubscribeMessage {
  const count = decoding.readVarUint(decoder);
  if (count > maxDocs) throw new FrameLimitError(`subscribe names ${count} docs, limit ${maxDocs}`);
  const docs: DocStateVector[] = [];
  for (let i = 0; i < count; i++) {
    const docId = decoding.readVarString(decoder);
    docs.push({ docId, stateVector: decoding.readVarUint8Array(decoder) });
  }
  return { type: 'subscribe', docs };
}
