import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { type BundledDoc, encodeDirectoryBundle } from '@thongsuot/shared';
import type { DocStore } from '../storage/doc-store.ts';
import type { UnitDocCache } from './directory-parts.ts';

const gzipAsync = promisify(gzip);

export interface DirectoryBundleBody {
  /** Changes whenever any unit doc changes: the sum of their last sequence numbers and their count. */
  readonly etag: string;
  readonly raw: Uint8Array;
  readonly gzipped: Uint8Array;
}

/**
 * The whole directory in one download (shared/directory/directory-bundle.ts), for clients from
 * before the download in parts (directory-parts.ts), kept ready between requests. Compression
 * runs off the main thread in zlib's pool.
 */
export class DirectoryBundleCache {
  readonly #store: DocStore;
  readonly #unitIds: () => readonly string[];
  readonly #docs: UnitDocCache;
  #body: DirectoryBundleBody | null = null;
  #building: Promise<DirectoryBundleBody> | null = null;

  constructor(store: DocStore, docs: UnitDocCache, unitIds: () => readonly string[]) {
    this.#store = store;
    this.#docs = docs;
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
      const entry = await this.#docs.get(id);
      if (!entry) continue;
      sum += entry.seq;
      docs.push(entry.doc);
    }
    const raw = encodeDirectoryBundle(docs);
    const gzipped = new Uint8Array(await gzipAsync(raw, { level: 9 }));
    this.#body = { etag: `"${docs.length}-${sum}"`, raw, gzipped };
    return this.#body;
  }
}
