import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { type BundledDoc, encodeDirectoryBundle } from '@thongsuot/shared';
import * as Y from 'yjs';
import type { DocStore } from '../storage/doc-store.ts';

const gzipAsync = promisify(gzip);

export interface DirectoryBundleBody {
  /** Changes whenever any unit doc changes: the sum of their last sequence numbers and their count. */
  readonly etag: string;
  readonly raw: Uint8Array;
  readonly gzipped: Uint8Array;
}

/**
 * The directory download (shared/directory/directory-bundle.ts), kept ready between requests.
 * Each unit doc is re-encoded only when its last sequence number moved, so an edit to one page
 * costs that page (milliseconds), not the 50,000-person city; compression runs off the main
 * thread in zlib's pool.
 */
export class DirectoryBundleCache {
  readonly #store: DocStore;
  readonly #unitIds: () => readonly string[];
  readonly #docs = new Map<string, { seq: number; doc: BundledDoc }>();
  #body: DirectoryBundleBody | null = null;
  #building: Promise<DirectoryBundleBody> | null = null;

  constructor(store: DocStore, unitIds: () => readonly string[]) {
    this.#store = store;
    this.#unitIds = unitIds;
  }

  /** The current bundle; concurrent callers share one build. */
  async current(): Promise<DirectoryBundleBody> {
    const etag = await this.#etag();
    if (this.#body?.etag === etag) return this.#body;
    this.#building ??= this.#build().finally(() => {
      this.#building = null;
    });
    return this.#building;
  }

  async #etag(): Promise<string> {
    let sum = 0;
    let count = 0;
    for (const id of this.#unitIds()) {
      const info = await this.#store.docInfo(`unit/${id}`);
      if (!info) continue;
      sum += info.lastSeq;
      count += 1;
    }
    return `"${count}-${sum}"`;
  }

  async #build(): Promise<DirectoryBundleBody> {
    const docs: BundledDoc[] = [];
    let sum = 0;
    for (const id of this.#unitIds()) {
      const docId = `unit/${id}`;
      const info = await this.#store.docInfo(docId);
      if (!info) continue;
      sum += info.lastSeq;
      const cached = this.#docs.get(docId);
      if (cached?.seq === info.lastSeq) {
        docs.push(cached.doc);
        continue;
      }
      const updates = await this.#store.loadUpdates(docId);
      const doc = new Y.Doc();
      doc.transact(() => {
        for (const update of updates) Y.applyUpdate(doc, update);
      });
      const bundled = { docId, updateV2: Y.encodeStateAsUpdateV2(doc) };
      doc.destroy();
      this.#docs.set(docId, { seq: info.lastSeq, doc: bundled });
      docs.push(bundled);
    }
    const raw = encodeDirectoryBundle(docs);
    const gzipped = new Uint8Array(await gzipAsync(raw, { level: 9 }));
    this.#body = { etag: `"${docs.length}-${sum}"`, raw, gzipped };
    return this.#body;
  }
}
