import { parentPort, workerData } from 'node:worker_threads';
import type { DocWrite } from './doc-store.ts';
import { openDatabase } from './sqlite-database.ts';
import { SqliteDocStore } from './sqlite-doc-store.ts';

/**
 * Entry of the SQLite writer thread (threaded-sqlite-store.ts): commits the relay's batches
 * and compactions on its own connection, so the fsync of `synchronous=FULL` blocks this thread,
 * not the one serving every socket.
 */
export type WriterRequest =
  | { readonly id: number; readonly op: 'appendBatch'; readonly writes: readonly DocWrite[]; readonly at: number }
  | {
      readonly id: number;
      readonly op: 'compact';
      readonly docId: string;
      readonly upToSeq: number;
      readonly state: Uint8Array;
    }
  | { readonly id: number; readonly op: 'close' };

export type WriterReply =
  | { readonly id: number; readonly ok: true; readonly result?: number[] }
  | { readonly id: number; readonly ok: false; readonly message: string; readonly code?: string };

const port = parentPort;
if (!port) throw new Error('sqlite-writer must run in a worker thread');
const store = new SqliteDocStore(openDatabase((workerData as { path: string }).path));

port.on('message', async (request: WriterRequest) => {
  try {
    if (request.op === 'appendBatch') {
      port.postMessage({ id: request.id, ok: true, result: await store.appendBatch(request.writes, request.at) });
    } else if (request.op === 'compact') {
      await store.compact(request.docId, request.upToSeq, request.state);
      port.postMessage({ id: request.id, ok: true });
    } else {
      await store.close();
      port.postMessage({ id: request.id, ok: true });
    }
  } catch (error) {
    const e = error as { message?: string; code?: string };
    port.postMessage({ id: request.id, ok: false, message: String(e.message ?? error), code: e.code });
  }
});
port.postMessage({ id: 0, ok: true });
