import * as Y from 'yjs';
import { hashString } from './prng.ts';

/**
 * Generated docs are written by many people, as in life: each edit is made under its author's
 * Yjs client id, so encoded sizes include the per-writer overhead that real documents carry.
 * Client ids are derived from person ids, so generation stays deterministic.
 */
export function clientIdOf(personId: string): number {
  return (hashString(personId) & 0x3fffffff) + 1;
}

export function as<T>(doc: Y.Doc, personId: string, edit: () => T): T {
  doc.clientID = clientIdOf(personId);
  return edit();
}

export interface GeneratedDoc {
  /** `task/<id>`, `conv/<id>`, `unit/<id>`, `bulletin/<unitId>` */
  readonly docId: string;
  /** The whole doc as one Yjs update. */
  readonly update: Uint8Array;
}

export function encode(docId: string, doc: Y.Doc): GeneratedDoc {
  return { docId, update: Y.encodeStateAsUpdate(doc) };
}
