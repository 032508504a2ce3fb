import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';

/** The y-protocols sync message carried inside a `sync` frame, decoded without touching a doc. */
export type SyncPayload =
  | { readonly kind: 'step1'; readonly stateVector: Uint8Array }
  | { readonly kind: 'step2'; readonly update: Uint8Array }
  | { readonly kind: 'update'; readonly update: Uint8Array };

function write(kind: number, data: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kind);
  encoding.writeVarUint8Array(encoder, data);
  return encoding.toUint8Array(encoder);
}

export const syncStep1 = (stateVector: Uint8Array): Uint8Array => write(messageYjsSyncStep1, stateVector);
export const syncStep2 = (update: Uint8Array): Uint8Array => write(messageYjsSyncStep2, update);
export const syncUpdate = (update: Uint8Array): Uint8Array => write(messageYjsUpdate, update);

export function readSyncPayload(payload: Uint8Array): SyncPayload {
  const decoder = decoding.createDecoder(payload);
  const kind = decoding.readVarUint(decoder);
  const data = decoding.readVarUint8Array(decoder);
  if (decoding.hasContent(decoder)) throw new RangeError('trailing bytes after sync message');
  switch (kind) {
    case messageYjsSyncStep1:
      return { kind: 'step1', stateVector: data };
    case messageYjsSyncStep2:
      return { kind: 'step2', update: data };
    case messageYjsUpdate:
      return { kind: 'update', update: data };
    default:
      throw new RangeError(`unknown sync message ${kind}`);
  }
}
