import { createTask, docId, readTask } from '@thongsuot/shared';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { DocRepository } from '../store/doc-repository.ts';
import { LocalDb } from '../store/local-db.ts';
import { INITIAL_STATUS, type SyncStatus } from './sync-status.ts';
import { SyncStatusStore } from './sync-status-store.ts';
import { type LeaderClient, type TabChannel, TabSync } from './tab-sync.ts';

/** Web Locks as the browser grants them: one holder per name, the next waits for its release. */
class FakeLocks {
  readonly #queues = new Map<string, (() => Promise<void>)[]>();
  request(name: string, callback: () => unknown): Promise<unknown> {
    return new Promise((resolve) => {
      const queue = this.#queues.get(name) ?? [];
      this.#queues.set(name, queue);
      const run = async (): Promise<void> => {
        resolve(await callback());
        queue.shift();
        void queue[0]?.();
      };
      queue.push(run);
      if (queue.length === 1) void run();
    });
  }
}

class FakeClient implements LeaderClient {
  status: SyncStatus = { ...INITIAL_STATUS, connectivity: 'synced' };
  readonly sent: { docId: string; ref: number }[] = [];
  onSend: (() => void) | null = null;
  started = false;
  subscribe(): () => void {
    return () => undefined;
  }
  start(): void {
    this.started = true;
  }
  stop(): void {}
  syncNow(): void {}
  clearRefusal(): void {}
  sendLocal(docId: string, ref: number): void {
    this.sent.push({ docId, ref });
    this.onSend?.();
  }
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function tab(locks: FakeLocks) {
  const db = new LocalDb('u-tabs');
  const repository = new DocRepository(db);
  const store = new SyncStatusStore();
  const client = new FakeClient();
  const sync = new TabSync({
    name: db.name,
    store,
    repository,
    createClient: () => client,
    locks,
    channel: new BroadcastChannel(db.name) as unknown as TabChannel,
  });
  sync.start();
  cleanup.push(() => {
    sync.stop();
    repository.destroy();
    db.close();
  });
  return { db, repository, store, client, sync };
}

function nextUpdate(doc: Y.Doc): Promise<void> {
  return new Promise((resolve) => doc.once('update', () => resolve()));
}

describe('TabSync', () => {
  cleanup.push(() => Dexie.delete(LocalDb.nameFor('u-tabs')));

  it('gives the connection to one tab; another tab’s edit reaches it and shows in its open doc', async () => {
    const locks = new FakeLocks();
    const a = tab(locks);
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    const b = tab(locks);
    expect(a.client.started).toBe(true);
    expect(b.client.started).toBe(false);

    const id = docId('task', 't1');
    const inA = await a.repository.open(id);
    const arrivedInA = nextUpdate(inA);
    const sentByA = new Promise<void>((resolve) => {
      a.client.onSend = resolve;
    });
    const inB = await b.repository.open(id);
    createTask(inB, {
      id: 't1',
      title: 'Thống kê hộ nghèo quý III',
      issuerId: 'u-vanphong',
      issuerUnitId: 'vp-ubnd',
      deadline: '2026-10-01',
      recipients: [{ id: 'phuong-ben-thanh', kind: 'unit' }],
      at: 1,
    });
    await Promise.all([arrivedInA, sentByA]);
    expect(readTask(inA)?.title).toBe('Thống kê hộ nghèo quý III');
    const [entry] = await a.db.outbox.toArray();
    expect(a.client.sent).toEqual([{ docId: id, ref: entry?.ref }]);
  });

  it('mirrors the leader’s status in the other tabs and hands over the connection when the leader stops', async () => {
    const locks = new FakeLocks();
    const a = tab(locks);
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    const b = tab(locks);
    const mirrored = new Promise<void>((resolve) => b.store.subscribe(resolve));
    b.store.syncNow(); // asks the leader; answered with its status
    await mirrored;
    expect(b.store.status.connectivity).toBe('synced');
    a.sync.stop();
    await new Promise<void>((resolve) => setTimeout(resolve, 0)); // let the lock pass
    expect(b.client.started).toBe(true);
  });
});
