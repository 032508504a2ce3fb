import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from '../message-type.ts';

export const ERROR_CODES = [
  'awaiting_key',
  'bad_frame',
  'forbidden',
  'invalid_doc',
  'invalid_task',
  'missing_dependencies',
  'not_found',
  'rate_limited',
  'storage_failed',
  'timeout',
  'too_large',
  'unauthenticated',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Server -> client: a frame was refused. `docId`/`ref` name the refused write when there is
 * one ('' / 0 otherwise). The refused write was neither stored nor relayed.
 */
export interface ErrorMessage {
  readonly type: 'error';
  readonly docId: string;
  readonly ref: number;
  readonly code: ErrorCode;
  readonly message: string;
}

export function encodeError(encoder: encoding.Encoder, message: ErrorMessage): void {
  encoding.writeVarUint(encoder, MessageType.Error);
  encoding.writeVarString(encoder, message.docId);
  encoding.writeVarUint(encoder, message.ref);
  encoding.writeVarString(encoder, message.code);
  encoding.writeVarString(encoder, message.message);
}

export function decodeError(decoder: decoding.Decoder): ErrorMessage {
  const docId = decoding.readVarString(decoder);
  const ref = decoding.readVarUint(decoder);
  const code = decoding.readVarString(decoder);
  const message = decoding.readVarString(decoder);
  if (!(ERROR_CODES as readonly string[]).includes(code)) throw new RangeError(`unknown error code ${code}`);
  return { type: 'error', docId, ref, code: code as ErrorCode, message };
}

/**
 * Refusals worth retrying later (the client keeps the write in its outbox); others are final.
 * `timeout` is retried too: a server starved of CPU can overrun the apply limit on an honest
 * write, and dropping that write would lose work. A truly hostile update only costs the server
 * one worker restart per reconnect of the device that holds it. `awaiting_key`: a signature by
 * a key the relay has not seen published yet — a device that made its key and signed offline
 * may send the two in any order; the signature is accepted once the key's publication is in.
 */
export function isRetryableError(code: ErrorCode): boolean {
  return code === 'storage_failed' || code === 'rate_limited' || code === 'timeout' || code === 'awaiting_key';
}
