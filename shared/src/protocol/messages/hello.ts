import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from '../message-type.ts';

/** Client -> server, first frame: "send me what changed in my scope since `cursor`". */
export interface HelloMessage {
  readonly type: 'hello';
  readonly cursor: number;
}

export function encodeHello(encoder: encoding.Encoder, message: HelloMessage): void {
  encoding.writeVarUint(encoder, MessageType.Hello);
  encoding.writeVarUint(encoder, message.cursor);
}

export function decodeHello(decoder: decoding.Decoder): HelloMessage {
  return { type: 'hello', cursor: decoding.readVarUint(decoder) };
}
