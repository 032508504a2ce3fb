import { type Person, SHA256_HEX } from '@thongsuot/shared';
import type { DocStore } from '../storage/doc-store.ts';
import type { DocHub } from '../sync/doc-hub.ts';
import type { BlobLedger } from './blob-ledger.ts';
import type { BlobStore } from './blob-store.ts';

/**
 * Who may read a blob (docs/design.md §13): person P may read hash H iff H is stored and either
 * P holds H (uploaded its bytes, or claimed it while able to read it), or some doc D references
 * H in an entry written by A, A holds H, and P may read D now. A reference whose author never
 * held the bytes grants nothing: naming someone else's hash in one's own doc does not make it
 * readable. Every other case looks the same to the asker (the routes answer 404).
 */
export class BlobAccess {
  readonly #blobs: BlobStore;
  readonly #ledger: BlobLedger;
  readonly #docs: DocStore;
  readonly #hub: DocHub;

  constructor(blobs: BlobStore, ledger: BlobLedger, docs: DocStore, hub: DocHub) {
    this.#blobs = blobs;
    this.#ledger = ledger;
    this.#docs = docs;
    this.#hub = hub;
  }

  async mayRead(person: Person, sha256: string): Promise<boolean> {
    if (!SHA256_HEX.test(sha256) || !(await this.#blobs.has(sha256))) return false;
    if (this.#ledger.isHolder(sha256, person.id)) return true;
    const holds = new Map<string, boolean>();
    const looked = new Set<string>();
    for (const { docId, authorId } of await this.#docs.blobRefs(sha256)) {
      let held = holds.get(authorId);
      if (held === undefined) {
        held = this.#ledger.isHolder(sha256, authorId);
        holds.set(authorId, held);
      }
      if (!held || looked.has(docId)) continue;
      looked.add(docId);
      if (await this.#hub.canRead(person, docId)) return true;
    }
    return false;
  }
}
