import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from '../message-type.ts';

/**
 * Either direction: a standard y-protocols awareness update for one doc. The server relays
 * only entries for the sender's own client id (docs/design.md §4) and never stores them.
 */
export interface AwarenessMessage {
  readonly type: 'awareness';
  readonly docId: string;
  readonly payload: Uint8Array;
}

export function encodeAwareness(encoder: encoding.Encoder, message: AwarenessMessage): void {
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarString(encoder, message.docId);
  encoding.writeVarUint8Array(encoder, message.payload);
}

export function decodeAwareness(decoder: decoding.Decoder): AwarenessMessage {
  const docId = decoding.readVarString(decoder);
  return { type: 'awareness', docId, payload: decoding.readVarUint8Array(decoder) };
}
