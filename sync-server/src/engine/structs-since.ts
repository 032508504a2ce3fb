import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/**
 * One client's structs from `clock` on, as a Yjs (v1) update with an empty delete set: what a
 * single transaction of that client added, without encoding anything else of the doc. It is the
 * encoding Yjs itself writes for one client (`writeStructs` in its encoding.js, not exported), from
 * the structs' own `write`, so the format stays Yjs's.
 *
 * The relay sends its receipts to the writer this way (doc-shard.ts): the receipts are written in
 * the write's own transaction, whose update holds the writer's change too. A receipt that
 * replaces an older one deletes it without a delete set: a map entry deletes the value on its
 * left when it is integrated (Yjs `Item.integrate`).
 */
export function structsSince(doc: Y.Doc, client: number, clock: number): Uint8Array | null {
  const structs = doc.store.clients.get(client);
  if (structs === undefined || Y.getState(doc.store, client) <= clock) return null;
  const start = Y.findIndexSS(structs, clock);
  const first = structs[start] as Y.Item | Y.GC;
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, 1);
  encoding.writeVarUint(encoder.restEncoder, structs.length - start);
  encoder.writeClient(client);
  encoding.writeVarUint(encoder.restEncoder, clock);
  first.write(encoder, clock - first.id.clock);
  for (let i = start + 1; i < structs.length; i++) (structs[i] as Y.Item | Y.GC).write(encoder, 0);
  encoding.writeVarUint(encoder.restEncoder, 0);
  return encoder.toUint8Array();
}
