import type { LocalDb } from '../store/local-db.ts';
import type { DownloadEvent } from './directory-download.ts';
import type { WorkerReply, WorkerRequest } from './directory-download.worker.ts';
import { DIRECTORY_DOWNLOADED_KEY } from './directory-keys.ts';

/**
 * The parts after `mine` wait for the person's work (directoryBeforeSync); should the socket not
 * get that far, they start after this long anyway.
 */
const GATE_FALLBACK_MS = 20_000;

const downloads = new WeakMap<LocalDb, Promise<boolean>>();
const gates = new WeakMap<LocalDb, { opened: Promise<void>; open: () => void }>();

function gateOf(db: LocalDb): { opened: Promise<void>; open: () => void } {
  let gate = gates.get(db);
  if (!gate) {
    let open = (): void => undefined;
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    gate = { opened, open };
    gates.set(db, gate);
  }
  return gate;
}

/**
 * Makes sure the whole directory is on the device: a device that lacks any of it downloads the
 * rest in parts (directory-download.ts; in a worker where there is one). Resolves false when that
 * was not possible (offline); the next call resumes with the parts already stored.
 */
export function refreshDirectoryIfStale(db: LocalDb, fetchImpl?: typeof fetch): Promise<boolean> {
  let running = downloads.get(db);
  if (!running) {
    running = ensure(db, fetchImpl).catch((error: unknown) => {
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

function mark(event: DownloadEvent): void {
  if (event.kind === 'stored') {
    performance.mark(event.part === 'mine' ? 'directory-mine-stored' : 'directory-part-stored', { detail: event });
  }
}

/** In a worker: the page only hears of each part stored. */
function inWorker(db: LocalDb, gate: Promise<void>): Promise<boolean> {
  const worker = new Worker(new URL('./directory-download.worker.ts', import.meta.url), {
    type: 'module',
    name: 'directory-download',
  });
  const send = (request: WorkerRequest): void => worker.postMessage(request);
  return new Promise<boolean>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      if (reply.kind !== 'done') return mark(reply);
      worker.terminate();
      if (reply.error) reject(new Error(reply.error));
      else resolve(reply.ok);
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'directory download worker failed'));
    };
    send({ kind: 'start', dbName: db.name });
    void gate.then(() => send({ kind: 'open' }));
  });
}

/** `fetchImpl`: where there is no worker (Node, in tests), how to reach the server. */
async function ensure(db: LocalDb, fetchImpl: typeof fetch | undefined): Promise<boolean> {
  if (await db.getMeta<number>(DIRECTORY_DOWNLOADED_KEY)) return true;
  const gate = gateOf(db);
  const fallback = setTimeout(gate.open, GATE_FALLBACK_MS);
  const run = async (): Promise<boolean> => {
    performance.mark('directory-download-start');
    if (typeof Worker !== 'undefined') return inWorker(db, gate.opened);
    // No worker (unit tests in Node): the same code on this thread.
    const { downloadDirectory } = await import('./directory-download.ts');
    return downloadDirectory({
      dbName: db.name,
      gate: gate.opened,
      onEvent: mark,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
  };
  const locks = globalThis.navigator?.locks;
  try {
    // One tab downloads; another tab waits for it and then finds the directory there.
    if (!locks) return await run();
    return await locks.request(`${db.name}-directory`, async () =>
      (await db.getMeta<number>(DIRECTORY_DOWNLOADED_KEY)) ? true : run(),
    );
  } finally {
    clearTimeout(fallback);
    if (await db.getMeta<number>(DIRECTORY_DOWNLOADED_KEY).catch(() => undefined)) performance.mark('directory-stored');
  }
}

/** The docs the directory download brings: the unit pages. */
export function isDirectoryDoc(docId: string): boolean {
  return docId.startsWith('unit/');
}

/**
 * For the sync client, once the person's own work has arrived: the rest of the directory may
 * now use the link; unit pages are asked for over the socket only once it is done (about 0.8 MB
 * compressed instead of 14 MB over the socket; docs/benchmarks.md).
 */
export async function directoryBeforeSync(
  db: LocalDb,
  docIds: readonly string[],
  fetchImpl?: typeof fetch,
): Promise<void> {
  gateOf(db).open();
  if (docIds.some(isDirectoryDoc)) await refreshDirectoryIfStale(db, fetchImpl);
}
