import type { LocalDb } from '../store/local-db.ts';

/** Set once the whole directory is on the device; from then on the sync socket keeps it current. */
export const DIRECTORY_DOWNLOADED_KEY = 'directoryDownloadedAt';

const downloads = new WeakMap<LocalDb, Promise<boolean>>();

/**
 * Makes sure the whole directory is on the device: a device that has none of it downloads it
 * once (directory-download.ts, loaded on demand so the first render does not wait for Yjs).
 * Resolves false when that was not possible (offline); the next call tries again.
 */
export function refreshDirectoryIfStale(db: LocalDb): Promise<boolean> {
  let running = downloads.get(db);
  if (!running) {
    running = ensure(db).catch((error: unknown) => {
      console.warn('directory download failed', error);
      return false;
    });
    downloads.set(db, running);
    void running.then((ok) => {
      if (!ok) downloads.delete(db);
    });
  }
  return running;
}

async function ensure(db: LocalDb): Promise<boolean> {
  if (await db.getMeta<number>(DIRECTORY_DOWNLOADED_KEY)) return true;
  const { downloadDirectory } = await import('./directory-download.ts');
  const locks = globalThis.navigator?.locks;
  // One tab downloads; another tab waits for it and then finds the directory there.
  if (!locks) return downloadDirectory(db);
  return locks.request(`${db.name}-directory`, async () =>
    (await db.getMeta<number>(DIRECTORY_DOWNLOADED_KEY)) ? true : downloadDirectory(db),
  );
}

/** The docs the directory download brings: the unit pages. */
export function isDirectoryDoc(docId: string): boolean {
  return docId.startsWith('unit/');
}

/**
 * For the sync client: before asking the server for unit pages, let the directory download
 * bring them (about 1 MB compressed instead of 14 MB over the socket; docs/benchmarks.md).
 */
export async function directoryBeforeSync(db: LocalDb, docIds: readonly string[]): Promise<void> {
  if (docIds.some(isDirectoryDoc)) await refreshDirectoryIfStale(db);
}
