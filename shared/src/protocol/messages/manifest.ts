import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from '../message-type.ts';

/**
 * Server -> client: the docs in the person's scope that changed after the client's cursor
 * (docs newly shared with them included), and the cursor to send next time once they are synced.
 */
export interface ManifestMessage {
  readonly type: 'manifest';
  readonly cursor: number;
  readonly docIds: readonly string[];
}

export function encodeManifest(encoder: encoding.Encoder, message: ManifestMessage): void {
  encoding.writeVarUint(encoder, MessageType.Manifest);
  encoding.writeVarUint(encoder, message.cursor);
  encoding.writeVarUint(encoder, message.docIds.length);
  for (const id of message.docIds) encoding.writeVarString(encoder, id);
}

export function decodeManifest(decoder: decoding.Decoder, maxDocs: number): ManifestMessage {
  const cursor = decoding.readVarUint(decoder);
  const count = decoding.readVarUint(decoder);
  if (count > maxDocs) throw new RangeError(`manifest lists ${count} docs, limit ${maxDocs}`);
  const docIds: string[] = [];
  for (let i = 0; i < count; i++) docIds.push(decoding.readVarString(decoder));
  return { type: 'manifest', cursor, docIds };
}
