import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from '../message-type.ts';

/**
 * Either direction: a standard y-protocols sync message (step 1, step 2 or update) for one
 * doc. `ref` is the sender's outbox id for a write it wants acknowledged (0 = no ack wanted).
 */
export interface SyncMessage {
  readonly type: 'sync';
  readonly docId: string;
  readonly ref: number;
  readonly payload: Uint8Array;
}

export function encodeSync(encoder: encoding.Encoder, message: SyncMessage): void {
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarString(encoder, message.docId);
  encoding.writeVarUint(encoder, message.ref);
  encoding.writeVarUint8Array(encoder, message.payload);
}

export function decodeSync(decoder: decoding.Decoder): SyncMessage {
  const docId = decoding.readVarString(decoder);
  const ref = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  return { type: 'sync', docId, ref, payload };
}
