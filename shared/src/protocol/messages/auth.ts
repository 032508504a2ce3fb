import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from '../message-type.ts';

/**
 * Client -> server, first frame of a client that can set neither a cookie nor a header: its
 * session token. Such a client asks for it by offering the `AUTH_IN_FIRST_MESSAGE` subprotocol;
 * tokens never go in the URL (docs/design.md §9).
 */
export interface AuthMessage {
  readonly type: 'auth';
  readonly token: string;
}

export const AUTH_IN_FIRST_MESSAGE = 'thongsuot.auth-first-message';

export function encodeAuth(encoder: encoding.Encoder, message: AuthMessage): void {
  encoding.writeVarUint(encoder, MessageType.Auth);
  encoding.writeVarString(encoder, message.token);
}

export function decodeAuth(decoder: decoding.Decoder): AuthMessage {
  return { type: 'auth', token: decoding.readVarString(decoder) };
}
