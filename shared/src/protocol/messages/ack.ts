import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from '../message-type.ts';

/** Server -> client: these writes of the client are committed to disk (docs/design.md §3). */
export interface AckMessage {
  readonly type: 'ack';
  readonly docId: string;
  readonly refs: readonly number[];
}

export function encodeAck(encoder: encoding.Encoder, message: AckMessage): void {
  encoding.writeVarUint(encoder, MessageType.Ack);
  encoding.writeVarString(encoder, message.docId);
  encoding.writeVarUint(encoder, message.refs.length);
  for (const ref of message.refs) encoding.writeVarUint(encoder, ref);
}

export function decodeAck(decoder: decoding.Decoder, maxRefs: number): AckMessage {
  const docId = decoding.readVarString(decoder);
  const count = decoding.readVarUint(decoder);
  if (count > maxRefs) throw new RangeError(`ack lists ${count} refs, limit ${maxRefs}`);
  const refs: number[] = [];
  for (let i = 0; i < count; i++) refs.push(decoding.readVarUint(decoder));
  return { type: 'ack', docId, refs };
}
