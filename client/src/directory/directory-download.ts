import { decodeDirectoryBundle } from '@thongsuot/shared/directory/directory-bundle';
import * as Y from 'yjs';
import type { DirectoryOfficialRow, DirectoryUnitRow, StoredUpdate } from '../store/local-db.ts';
import { DIRECTORY_DOWNLOADED_KEY, DIRECTORY_PARTS_KEY, DIRECTORY_PROGRESS_KEY } from './directory-keys.ts';
import { DIRECTORY_VERSION_KEY, type UnitProjection, unitProjection } from './unit-projection.ts';

/*
 * A new device's directory, in parts (docs/design.md §20): `mine` (the city's leadership and the
 * person's own unit) at once, then, once the person's work has arrived (`gate`), the other parts
 * of GET /api/directory/parts, two at a time. Each part is decoded and stored in one IndexedDB
 * transaction as it arrives, so what came before a dropped connection stays, and only the parts
 * still missing are asked for again. Runs in a worker (directory-download.worker.ts) with plain
 * IndexedDB: no Dexie there, so each stored part is announced to the tabs' live queries the way
 * Dexie announces another tab's writes.
 */
export type DownloadEvent =
  | { readonly kind: 'stored'; readonly part: string; readonly units: number; readonly people: number }
  | { readonly kind: 'retry'; readonly part: string; readonly attempt: number };

export interface DownloadOptions {
  readonly dbName: string;
  /** Opens before the parts after `mine`: when the person's work is on the device. */
  readonly gate: Promise<void>;
  readonly fetch?: typeof fetch;
  readonly onEvent?: (event: DownloadEvent) => void;
  /** Pause before the n-th try again of a part (a drop on a weak link); the default grows to 8 s. */
  readonly retryDelay?: (attempt: number) => number;
  /** Tries of one part before giving up until the next call. */
  readonly attempts?: number;
}

class Gone extends Error {}

interface PartsIndex {
  readonly parts: readonly { readonly id: string; readonly units: readonly string[] }[];
}

const ALL = { d: 1, from: Number.NEGATIVE_INFINITY, to: [[[]]] };
/** The tables a part writes, as Dexie names them in its cross-context messages (dexie.mjs 4.x). */
function announce(dbName: string): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const parts: Record<string, typeof ALL> = {};
  for (const [table, indexes] of [
    ['units', ['kind']],
    ['officials', ['unitId']],
    ['meta', []],
    ['updates', ['docId']],
  ] as const) {
    for (const key of ['', ':dels', ...indexes]) parts[`idb://${dbName}/${table}/${key}`] = ALL;
  }
  const channel = new BroadcastChannel('x-storagemutated-1');
  channel.postMessage(parts);
  channel.close();
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Gone('aborted'));
  });
}

/** The person's database as the app made it; never created here (signed out meanwhile: gone). */
function openExisting(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onupgradeneeded = () => open.transaction?.abort();
    open.onerror = () => reject(new Gone(`no database ${name}`));
    open.onsuccess = () => {
      const db = open.result;
      // Deleted at sign-out, or upgraded by a new version: let go at once.
      db.onversionchange = () => db.close();
      resolve(db);
    };
  });
}

async function meta<T>(db: IDBDatabase, key: string): Promise<T | undefined> {
  const row = await request(db.transaction('meta', 'readonly').objectStore('meta').get(key));
  return (row as { value: T } | undefined)?.value;
}

/** Decodes one part and stores its pages and rows in one transaction; returns its unit ids. */
export async function storePart(db: IDBDatabase, bytes: Uint8Array): Promise<{ units: string[]; people: number }> {
  const docs = decodeDirectoryBundle(bytes);
  // Rows of pages synced over the socket before: merged into the download, then replaced.
  const read = db.transaction('updates', 'readonly').objectStore('updates').index('docId');
  const held = await Promise.all(docs.map(({ docId }) => request(read.getAll(docId)) as Promise<StoredUpdate[]>));
  const merged: number[] = [];
  const rows: StoredUpdate[] = [];
  const projections: UnitProjection[] = [];
  for (const [i, { docId, updateV2 }] of docs.entries()) {
    const doc = new Y.Doc();
    Y.applyUpdateV2(doc, updateV2);
    const earlier = held[i] ?? [];
    if (earlier.length > 0) {
      for (const row of earlier) {
        Y.applyUpdate(doc, row.data);
        merged.push(row.id as number);
      }
      rows.push({ docId, data: Y.encodeStateAsUpdate(doc) });
    } else {
      const stateVector = Y.encodeStateVector(doc);
      rows.push({
        docId,
        data: Y.encodeStateAsUpdate(doc),
        stateVector,
        upToDate: Y.encodeStateAsUpdate(doc, stateVector),
      });
    }
    const projection = unitProjection(doc);
    if (projection) projections.push(projection);
    doc.destroy();
  }
  const units = projections.map((p) => p.unit.id);
  const tx = db.transaction(['updates', 'units', 'officials', 'meta'], 'readwrite');
  const finished = done(tx);
  const updates = tx.objectStore('updates');
  for (const id of merged) updates.delete(id);
  for (const row of rows) updates.add(row);
  const officials = tx.objectStore('officials');
  const byUnit = officials.index('unitId');
  for (const unitId of units) {
    for (const key of await request(byUnit.getAllKeys(unitId))) officials.delete(key);
  }
  const unitStore = tx.objectStore('units');
  for (const p of projections) {
    unitStore.put(p.unit satisfies DirectoryUnitRow);
    for (const person of p.officials) officials.put(person satisfies DirectoryOfficialRow);
  }
  const metaStore = tx.objectStore('meta');
  const version = ((await request(metaStore.get(DIRECTORY_VERSION_KEY)))?.value as number | undefined) ?? 0;
  metaStore.put({ key: DIRECTORY_VERSION_KEY, value: version + 1 });
  const stored = ((await request(metaStore.get(DIRECTORY_PARTS_KEY)))?.value as string[] | undefined) ?? [];
  const all = [...new Set([...stored, ...units])];
  metaStore.put({ key: DIRECTORY_PARTS_KEY, value: all });
  await finished;
  return { units, people: projections.reduce((n, p) => n + p.officials.length, 0) };
}

/**
 * Downloads what the device lacks of the directory. Resolves true once all of it is stored,
 * false when the network would not let it finish (the next call resumes where this one stopped).
 */
export async function downloadDirectory(options: DownloadOptions): Promise<boolean> {
  const { dbName, gate, onEvent } = options;
  const fetchImpl = options.fetch ?? fetch;
  const attempts = options.attempts ?? 6;
  const retryDelay = options.retryDelay ?? ((attempt: number) => Math.min(8_000, 500 * 2 ** attempt));
  let db: IDBDatabase;
  try {
    db = await openExisting(dbName);
  } catch {
    return false;
  }
  try {
    if (await meta<number>(db, DIRECTORY_DOWNLOADED_KEY)) return true;
    const stored = new Set((await meta<string[]>(db, DIRECTORY_PARTS_KEY)) ?? []);
    let total: number | null = null;
    const progress = (): Promise<void> => {
      const tx = db.transaction('meta', 'readwrite');
      tx.objectStore('meta').put({ key: DIRECTORY_PROGRESS_KEY, value: { units: stored.size, total } });
      return done(tx);
    };
    /** A request tried again after a drop or a busy server; null for a 404 (a part re-cut away). */
    const get = async <T>(path: string, read: (response: Response) => Promise<T>): Promise<T | null> => {
      for (let attempt = 0; ; attempt++) {
        try {
          const response = await fetchImpl(path, { credentials: 'same-origin' });
          if (response.status === 404) return null;
          // A body cut off mid-way fails here too: asked for again.
          if (response.ok) return await read(response);
          if (response.status < 500 && response.status !== 429) throw new Gone(`${path}: ${response.status}`);
        } catch (error) {
          if (error instanceof Gone) throw error;
        }
        if (attempt + 1 >= attempts) throw new Gone(`${path} failed ${attempts} times`);
        onEvent?.({ kind: 'retry', part: path, attempt: attempt + 1 });
        await new Promise((resolve) => setTimeout(resolve, retryDelay(attempt)));
      }
    };
    const fetchPart = (id: string): Promise<Uint8Array | null> =>
      get(`/api/directory/parts/${id}`, async (r) => new Uint8Array(await r.arrayBuffer()));
    const take = async (id: string): Promise<boolean> => {
      const bytes = await fetchPart(id);
      if (!bytes) return false;
      const { units, people } = await storePart(db, bytes);
      for (const unit of units) stored.add(unit);
      await progress();
      announce(dbName);
      onEvent?.({ kind: 'stored', part: id, units: units.length, people });
      return true;
    };
    // Every download stores `mine` first: a device with pages stored has it.
    if (stored.size === 0) await take('mine');
    await gate;
    for (let cut = 0; cut < 3; cut++) {
      const index = await get('/api/directory/parts', (r) => r.json() as Promise<PartsIndex>);
      if (!index) return false;
      total = new Set([...stored, ...index.parts.flatMap((p) => p.units)]).size;
      await progress();
      const missing = index.parts.filter((p) => p.units.some((u) => !stored.has(u)));
      // Two at a time: one part's round trip is hidden behind the other's bytes.
      let next = 0;
      let recut = false;
      const lane = async (): Promise<void> => {
        while (next < missing.length && !recut) {
          const part = missing[next++] as { id: string };
          if (!(await take(part.id))) recut = true;
        }
      };
      await Promise.all([lane(), lane()]);
      if (!recut) {
        const tx = db.transaction('meta', 'readwrite');
        tx.objectStore('meta').put({ key: DIRECTORY_DOWNLOADED_KEY, value: Date.now() });
        await done(tx);
        announce(dbName);
        return true;
      }
    }
    return false;
  } catch (error) {
    if (error instanceof Gone) return false;
    throw error;
  } finally {
    db.close();
  }
}
