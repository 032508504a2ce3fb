import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * The whole directory in one download, for a device that has none of it yet: every `unit/<id>`
 * doc's state as a Yjs update in the v2 encoding (its column layout compresses the repeated
 * person fields of 50,000 officials about twice as well as v1; docs/benchmarks.md). Once
 * stored, the docs are ordinary CRDT docs: the sync socket brings later edits as updates.
 *
 * Layout (lib0 encoding): magic `TSDIR`, format version, doc count, then per doc its id and
 * its v2 update.
 */
export const DIRECTORY_BUNDLE_FORMAT = 1;
const MAGIC = 'TSDIR';

export interface BundledDoc {
  readonly docId: string;
  /** The doc's full state, v2 encoding (`Y.encodeStateAsUpdateV2`). */
  readonly updateV2: Uint8Array;
}

export function encodeDirectoryBundle(docs: readonly BundledDoc[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, MAGIC);
  encoding.writeVarUint(encoder, DIRECTORY_BUNDLE_FORMAT);
  encoding.writeVarUint(encoder, docs.length);
  for (const doc of docs) {
    encoding.writeVarString(encoder, doc.docId);
    encoding.writeVarUint8Array(encoder, doc.updateV2);
  }
  return encoding.toUint8Array(encoder);
}

export class DirectoryBundleError extends Error {}

export function decodeDirectoryBundle(bytes: Uint8Array): BundledDoc[] {
  try {
    const decoder = decoding.createDecoder(bytes);
    if (decoding.readVarString(decoder) !== MAGIC) throw new DirectoryBundleError('not a directory bundle');
    const format = decoding.readVarUint(decoder);
    if (format !== DIRECTORY_BUNDLE_FORMAT) throw new DirectoryBundleError(`unknown directory bundle format ${format}`);
    const count = decoding.readVarUint(decoder);
    const docs: BundledDoc[] = [];
    for (let i = 0; i < count; i++) {
      const docId = decoding.readVarString(decoder);
      if (!docId.startsWith('unit/')) throw new DirectoryBundleError(`unexpected doc ${docId} in the directory`);
      docs.push({ docId, updateV2: decoding.readVarUint8Array(decoder) });
    }
    if (decoding.hasContent(decoder)) throw new DirectoryBundleError('trailing bytes after the directory');
    return docs;
  } catch (error) {
    if (error instanceof DirectoryBundleError) throw error;
    throw new DirectoryBundleError(`unreadable directory bundle: ${(error as Error).message}`);
  }
}
