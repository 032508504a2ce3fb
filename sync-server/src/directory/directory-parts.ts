import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { type BundledDoc, encodeDirectoryBundle } from '@thongsuot/shared';
import type { OrgUnit } from '@thongsuot/shared/org/org-unit';
import * as Y from 'yjs';
import type { DocStore } from '../storage/doc-store.ts';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** A part's raw size before a new part is begun: about 40–50 KB once compressed with brotli. */
export const PART_RAW_BYTES = 512 * 1024;
/** The city's leadership: every device gets them first, with its own unit (the part `mine`). */
const LEADERSHIP: ReadonlySet<OrgUnit['kind']> = new Set(['city', 'office']);

export interface PartBody {
  readonly etag: string;
  readonly raw: Uint8Array;
  readonly gzipped: Uint8Array;
  readonly brotli: Uint8Array;
}

export interface PartsIndex {
  readonly etag: string;
  /** The parts after `mine`, each a few hundred KB of unit pages, in the organization's order. */
  readonly parts: readonly { readonly id: string; readonly units: readonly string[] }[];
}

/**
 * Every unit page's CRDT state, re-encoded only when the page's last sequence number moved, so
 * an edit to one page costs that page, not the 50,000-person city.
 */
export class UnitDocCache {
  readonly #store: DocStore;
  readonly #docs = new Map<string, { seq: number; doc: BundledDoc }>();

  constructor(store: DocStore) {
    this.#store = store;
  }

  /** The unit's page as it is now, and its last sequence number; null when it has none. */
  async get(unitId: string): Promise<{ seq: number; doc: BundledDoc } | null> {
    const docId = `unit/${unitId}`;
    const info = await this.#store.docInfo(docId);
    if (!info) return null;
    const cached = this.#docs.get(docId);
    if (cached?.seq === info.lastSeq) return cached;
    const updates = await this.#store.loadUpdates(docId);
    const doc = new Y.Doc();
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    const entry = { seq: info.lastSeq, doc: { docId, updateV2: Y.encodeStateAsUpdateV2(doc) } };
    doc.destroy();
    this.#docs.set(docId, entry);
    return entry;
  }
}

/**
 * The directory for a new device in parts (docs/design.md §20): `mine` (the city's leadership
 * and the person's own unit, small, first), then parts of about 512 KB of pages each, so a
 * dropped connection costs the part in flight and the pages arrive, and become searchable, a
 * part at a time. Each part is compressed once with brotli (quality 11, in zlib's thread pool)
 * and gzip, and kept until one of its pages changes.
 */
export class DirectoryParts {
  readonly #cache: UnitDocCache;
  readonly #units: () => readonly OrgUnit[];
  readonly #bodies = new Map<string, { key: string; body: Promise<PartBody> }>();
  #index: { key: string; index: PartsIndex } | null = null;

  constructor(cache: UnitDocCache, units: () => readonly OrgUnit[]) {
    this.#cache = cache;
    this.#units = units;
  }

  /** How the pages after `mine` are cut into parts now; a part's id names its pages. */
  async index(): Promise<PartsIndex> {
    const units = this.#units().filter((u) => !LEADERSHIP.has(u.kind));
    const entries: { unitId: string; seq: number; bytes: number }[] = [];
    for (const unit of units) {
      const entry = await this.#cache.get(unit.id);
      if (entry) entries.push({ unitId: unit.id, seq: entry.seq, bytes: entry.doc.updateV2.byteLength });
    }
    const key = entries.map((e) => `${e.unitId}:${e.seq}`).join(',');
    if (this.#index?.key === key) return this.#index.index;
    const parts: { id: string; units: string[] }[] = [];
    let current: string[] = [];
    let size = 0;
    const close = (): void => {
      if (current.length === 0) return;
      // The id is a digest of the pages it holds: cut differently later, an old id is unknown.
      const digest = createHash('sha256').update(current.join('\n')).digest('base64url').slice(0, 12);
      parts.push({ id: `p${parts.length}-${digest}`, units: current });
      current = [];
      size = 0;
    };
    for (const entry of entries) {
      if (size > 0 && size + entry.bytes > PART_RAW_BYTES) close();
      current.push(entry.unitId);
      size += entry.bytes;
    }
    close();
    const etag = `"${createHash('sha256').update(key).digest('base64url').slice(0, 16)}"`;
    const index = { etag, parts };
    this.#index = { key, index };
    return index;
  }

  /** The leadership's pages and the unit's own, for the first request of a new device. */
  async mine(unitId: string | undefined): Promise<PartBody> {
    const ids = this.#units()
      .filter((u) => LEADERSHIP.has(u.kind) || u.id === unitId)
      .map((u) => u.id);
    return this.#body(`mine:${unitId ?? ''}`, ids);
  }

  /** A part of the current index by its id; null when no part of the index has that id. */
  async part(id: string): Promise<PartBody | null> {
    const part = (await this.index()).parts.find((p) => p.id === id);
    return part ? this.#body(id, part.units) : null;
  }

  async #body(name: string, unitIds: readonly string[]): Promise<PartBody> {
    const docs: BundledDoc[] = [];
    const seqs: string[] = [];
    for (const unitId of unitIds) {
      const entry = await this.#cache.get(unitId);
      if (!entry) continue;
      docs.push(entry.doc);
      seqs.push(`${unitId}:${entry.seq}`);
    }
    const key = seqs.join(',');
    const kept = this.#bodies.get(name);
    if (kept?.key === key) return kept.body;
    const body = compress(docs, `"${createHash('sha256').update(key).digest('base64url').slice(0, 16)}"`);
    this.#bodies.set(name, { key, body });
    body.catch(() => this.#bodies.delete(name));
    return body;
  }
}

async function compress(docs: readonly BundledDoc[], etag: string): Promise<PartBody> {
  const raw = encodeDirectoryBundle(docs);
  const [gzipped, brotli] = await Promise.all([
    gzipAsync(raw, { level: 9 }),
    brotliAsync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_LGWIN]: 22,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.byteLength,
      },
    }),
  ]);
  return { etag, raw, gzipped: new Uint8Array(gzipped), brotli: new Uint8Array(brotli) };
}
