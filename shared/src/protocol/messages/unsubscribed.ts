import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from '../message-type.ts';

/**
 * Server -> client: the person may no longer read these docs (removed from a conversation,
 * a task reassigned). The server sends nothing more about them on this connection.
 */
export interface UnsubscribedMessage {
  readonly type: 'unsubscribed';
  readonly docIds: readonly string[];
}

export function encodeUnsubscribed(encoder: encoding.Encoder, message: UnsubscribedMessage): void {
  encoding.writeVarUint(encoder, MessageType.Unsubscribed);
  encoding.writeVarUint(encoder, message.docIds.length);
  for (const id of message.docIds) encoding.writeVarString(encoder, id);
}

export function decodeUnsubscribed(decoder: decoding.Decoder, maxDocs: number): UnsubscribedMessage {
  const count = decoding.readVarUint(decoder);
  if (count > maxDocs) throw new RangeError(`unsubscribed lists ${count} docs, limit ${maxDocs}`);
  const docIds: string[] = [];
  for (let i = 0; i < count; i++) docIds.push(decoding.readVarString(decoder));
  return { type: 'unsubscribed', docIds };
}
