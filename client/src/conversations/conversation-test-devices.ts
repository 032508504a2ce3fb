import Dexie from 'dexie';
import * as Y from 'yjs';
import { DocRepository } from '../store/doc-repository.ts';
import { LocalDb } from '../store/local-db.ts';

/** One person's device for tests: its IndexedDB (fake-indexeddb) and the real repository. */
export interface TestDevice {
  readonly db: LocalDb;
  readonly repository: DocRepository;
}

const opened: LocalDb[] = [];

let seq = 0;
export function testDevice(userId: string): TestDevice {
  const db = new LocalDb(`${userId}-${++seq}`);
  opened.push(db);
  return { db, repository: new DocRepository(db) };
}

/** For afterEach: closes and deletes every device's database. */
export async function closeTestDevices(): Promise<void> {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
}

/**
 * What a relay would do between two devices once both are online: each doc stored on one is
 * sent whole to the other (applied as from the server), and the outboxes are acknowledged.
 */
export async function relay(a: TestDevice, b: TestDevice): Promise<void> {
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    await from.repository.flushed();
    const rows = await from.db.updates.toArray();
    const ids = [...new Set(rows.map((r) => r.docId))].sort();
    for (const docId of ids) {
      const state = Y.mergeUpdates(rows.filter((r) => r.docId === docId).map((r) => r.data));
      await to.repository.applyRemote(docId, state);
    }
    await to.repository.flushed();
  }
  await a.db.outbox.clear();
  await b.db.outbox.clear();
}
