// A device of the client's sync engine running in Node: the real DocRepository over IndexedDB
// (fake-indexeddb, imported by the test file) and the real SyncClient on a `ws` socket that
// carries the session cookie — for flows against the real relay that need no browser.
import { createTask } from '@thongsuot/shared';
import Dexie from 'dexie';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { DocRepository } from '../../client/src/store/doc-repository.ts';
import { LocalDb } from '../../client/src/store/local-db.ts';
import { SyncClient } from '../../client/src/sync/sync-client.ts';
import type { SyncStatus } from '../../client/src/sync/sync-status.ts';
import type { TestServer } from '../../sync-server/src/testing/test-server.ts';

export interface NodeDevice {
  readonly db: LocalDb;
  readonly repository: DocRepository;
  readonly sync: SyncClient;
}

/** The devices of one test; `closeAll` stops them and deletes their databases. */
export class NodeDevices {
  readonly #made: NodeDevice[] = [];

  /** Signs `username` in and opens a device whose database is named after `deviceName`. */
  async open(server: TestServer, username: string, deviceName: string): Promise<NodeDevice> {
    const db = new LocalDb(deviceName);
    return this.#connect(server, username, db, new DocRepository(db));
  }

  /** The same device's store with a new sync engine, as after the app is closed and reopened. */
  reopen(server: TestServer, username: string, device: NodeDevice): Promise<NodeDevice> {
    device.sync.stop();
    return this.#connect(server, username, device.db, device.repository);
  }

  /** A device whose session is already known (`cookie`), syncing with `wsUrl` (a proxy's, say). */
  openAt(wsUrl: string, cookie: string, deviceName: string): NodeDevice {
    const db = new LocalDb(deviceName);
    return this.#device(wsUrl, cookie, db, new DocRepository(db));
  }

  async #connect(server: TestServer, username: string, db: LocalDb, repository: DocRepository): Promise<NodeDevice> {
    return this.#device(server.wsUrl, await server.signIn(username), db, repository);
  }

  #device(url: string, cookie: string, db: LocalDb, repository: DocRepository): NodeDevice {
    const sync = new SyncClient({
      url,
      db,
      repository,
      random: () => 0,
      createSocket: (url) => new WebSocket(url, { headers: { cookie } }) as unknown as globalThis.WebSocket,
    });
    const device = { db, repository, sync };
    this.#made.push(device);
    return device;
  }

  async closeAll(): Promise<void> {
    const made = this.#made.splice(0);
    for (const d of made) d.sync.stop();
    // A reopened device shares its store with the one it replaced: each is closed once.
    for (const repository of new Set(made.map((d) => d.repository))) repository.destroy();
    for (const db of new Set(made.map((d) => d.db))) {
      db.close();
      await Dexie.delete(db.name);
    }
  }
}

/** Resolves when the status satisfies `test`, checked on every change (no sleeping). */
export function statusWhere(
  sync: SyncClient,
  test: (s: SyncStatus) => boolean,
  timeoutMs = 20_000,
): Promise<SyncStatus> {
  return new Promise((resolve, reject) => {
    if (test(sync.status)) return resolve(sync.status);
    const timer = setTimeout(() => reject(new Error(`status stuck at ${JSON.stringify(sync.status)}`)), timeoutMs);
    const stop = sync.subscribe(() => {
      if (test(sync.status)) {
        clearTimeout(timer);
        stop();
        resolve(sync.status);
      }
    });
  });
}

export const synced = (s: SyncStatus): boolean => s.connectivity === 'synced' && s.pending === 0;

/** The relay's stored copy of a doc, read straight from its store. */
export async function serverDoc(server: TestServer, id: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  for (const update of await server.app.context.docs.loadUpdates(id)) Y.applyUpdate(doc, update);
  return doc;
}

/** The City Office's directive `id` to the Bến Thành ward, written into `doc`. */
export function directiveToWard(doc: Y.Doc, id: string, title: string): void {
  createTask(doc, {
    id,
    title,
    issuerId: 'u-vanphong',
    issuerUnitId: 'vp-ubnd',
    deadline: '2026-12-20',
    recipients: [{ id: 'phuong-ben-thanh', kind: 'unit' }],
    at: Date.now(),
  });
}
