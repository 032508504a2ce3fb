import { createTask, docId, readTask, setAssignmentStatus } from '@thongsuot/shared';
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { RemoteBatcher } from '../sync/remote-batcher.ts';
import { DocRepository } from './doc-repository.ts';
import { LocalDb } from './local-db.ts';
import { taskRow } from './task-projection.ts';

const opened: LocalDb[] = [];
function openDb(user = 'u-batch'): LocalDb {
  const db = new LocalDb(user);
  opened.push(db);
  return db;
}

afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

/** A task as the server would send it: its whole state, from another device. */
function serverTask(id: string, status?: 'received' | 'read'): { doc: Y.Doc; update: Uint8Array } {
  const doc = new Y.Doc();
  createTask(doc, {
    id,
    title: `Chỉ đạo ${id}`,
    issuerId: 'u-chutich',
    issuerUnitId: 'ubnd-tp',
    deadline: '2026-12-15',
    recipients: [{ id: 'phuong-ben-thanh', kind: 'unit' }],
    at: 1,
  });
  if (status) setAssignmentStatus(doc, 'phuong-ben-thanh', status, 'u-benthanh', 2);
  return { doc, update: Y.encodeStateAsUpdate(doc) };
}

describe('storing a burst of changes from the server', () => {
  it('stores many task docs and their list rows in one transaction, as one by one would', async () => {
    const db = openDb();
    const repository = new DocRepository(db);
    const heard: [string, number | null][] = [];
    repository.onStored((id, _update, ref) => heard.push([id, ref]));
    const tasks = Array.from({ length: 30 }, (_, i) => ({ id: docId('task', `t${i}`), ...serverTask(`t${i}`) }));
    const transaction = vi.spyOn(db, 'transaction');

    await repository.applyRemoteBatch(tasks.map((t) => ({ docId: t.id, update: t.update })));

    expect(transaction).toHaveBeenCalledTimes(1);
    expect(await db.updates.count()).toBe(30);
    expect(await db.outbox.count()).toBe(0); // from the server: nothing to send back
    for (const t of tasks) expect(await db.tasks.get(t.id)).toEqual({ ...taskRow(t.id, t.doc), waiting: 0 });
    expect(heard).toEqual(tasks.map((t) => [t.id, null]));
    expect(repository.inMemory).toBe(0); // no doc loaded to store them
    // A "reload" reads every doc whole.
    const again = new DocRepository(openDb());
    expect(readTask(await again.open(tasks[7]?.id ?? ''))?.title).toBe('Chỉ đạo t7');
  });

  it('merges with what the device holds: stored rows and waiting changes', async () => {
    const db = openDb();
    const repository = new DocRepository(db);
    const id = docId('task', 'm1');
    const { doc, update } = serverTask('m1');
    await repository.applyRemote(id, update);
    await repository.flushed();
    // A local change waits in the outbox; then the doc is let go from memory.
    setAssignmentStatus(await repository.open(id), 'phuong-ben-thanh', 'read', 'u-benthanh', 5);
    await repository.flushed();
    repository.forget(id);
    // Another device's later change arrives in a burst.
    const before = Y.encodeStateVector(doc);
    setAssignmentStatus(doc, 'phuong-ben-thanh', 'in_progress', 'u-benthanh-cv', 9);
    await repository.applyRemoteBatch([{ docId: id, update: Y.encodeStateAsUpdate(doc, before) }]);

    const row = await db.tasks.get(id);
    expect(row?.waiting).toBe(1);
    expect(row?.statuses).toEqual(['in_progress']); // from the stored rows and the change together
  });

  it('applies the change in memory to a doc that is open, and stores it once', async () => {
    const db = openDb();
    const repository = new DocRepository(db);
    const id = docId('task', 'o1');
    const first = serverTask('o1');
    await repository.applyRemoteBatch([{ docId: id, update: first.update }]);
    const open = await repository.open(id);
    const before = Y.encodeStateVector(first.doc);
    setAssignmentStatus(first.doc, 'phuong-ben-thanh', 'read', 'u-benthanh', 3);
    const change = Y.encodeStateAsUpdate(first.doc, before);
    await repository.applyRemoteBatch([{ docId: id, update: change }]);
    await repository.flushed();

    expect(readTask(open)?.assignments[0]?.status).toBe('read');
    expect(await db.updates.where('docId').equals(id).count()).toBe(2);
    expect((await db.tasks.get(id))?.statuses).toEqual(['read']);
  });

  it('gives a doc opened while the batch is being written the change as well', async () => {
    const db = openDb();
    const repository = new DocRepository(db);
    const id = docId('task', 'r1');
    const { update } = serverTask('r1');
    // A page opens the doc just as the batch's transaction starts, and reads it first.
    let open: Promise<Y.Doc> | undefined;
    const transaction = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
    vi.spyOn(db, 'transaction').mockImplementationOnce(((...args: unknown[]) => {
      open = repository.open(id);
      return open.then(() => transaction(...args));
    }) as never);
    await repository.applyRemoteBatch([{ docId: id, update }]);
    expect(readTask(await (open as Promise<Y.Doc>))?.title).toBe('Chỉ đạo r1');
  });

  it('reads the state vectors of many docs without loading them', async () => {
    const db = openDb();
    const repository = new DocRepository(db);
    const stored = serverTask('s1');
    const open = serverTask('s2', 'read');
    await repository.applyRemoteBatch([
      { docId: docId('task', 's1'), update: stored.update },
      { docId: docId('task', 's2'), update: open.update },
    ]);
    await repository.open(docId('task', 's2'));
    const vectors = await repository.stateVectors([docId('task', 's1'), docId('task', 's2'), docId('task', 'none')]);

    expect(vectors.get(docId('task', 's1'))).toEqual(Y.encodeStateVector(stored.doc));
    expect(vectors.get(docId('task', 's2'))).toEqual(Y.encodeStateVector(open.doc));
    expect(vectors.get(docId('task', 'none'))).toEqual(Y.encodeStateVector(new Y.Doc()));
    expect(repository.inMemory).toBe(1); // only the doc a page opened
  });
});

describe('RemoteBatcher', () => {
  it('stores what arrives during a transaction together, and counts it only once committed', async () => {
    const batches: string[][] = [];
    const committed: string[] = [];
    const arrived: string[] = [];
    let release = (): void => {};
    const batcher = new RemoteBatcher(
      async (items) => {
        batches.push(items.map((i) => i.docId));
        if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
        committed.push(...items.map((i) => i.docId));
      },
      async (docIds) => {
        for (const id of docIds) expect(committed).toContain(id);
        arrived.push(...docIds);
      },
      (error) => {
        throw error;
      },
    );
    batcher.push('task/a', new Uint8Array([1]));
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (const id of ['task/b', 'task/c', 'task/d']) batcher.push(id, new Uint8Array([1]));
    expect(arrived).toEqual([]);
    release();
    await batcher.idle();

    expect(batches).toEqual([['task/a'], ['task/b', 'task/c', 'task/d']]);
    expect(arrived).toEqual(['task/a', 'task/b', 'task/c', 'task/d']);
  });
});
