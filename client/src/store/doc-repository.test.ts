import { createTask, docId, readTask, setAssignmentStatus } from '@thongsuot/shared';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocRepository } from './doc-repository.ts';
import { LocalDb } from './local-db.ts';

const opened: LocalDb[] = [];
function openDb(user = 'u-test'): LocalDb {
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

function newTask(doc: Y.Doc, id: string): void {
  createTask(doc, {
    id,
    title: 'Rà soát hồ sơ đất đai',
    issuerId: 'u-vanphong',
    issuerUnitId: 'vp-ubnd',
    deadline: '2026-12-15',
    recipients: [{ id: 'phuong-ben-thanh', kind: 'unit' }],
    at: 1,
  });
}

describe('DocRepository on IndexedDB', () => {
  it('stores a local change, its list row and an outbox entry together, and reloads them', async () => {
    const db = openDb();
    const repository = new DocRepository(db);
    const sent: number[] = [];
    repository.onLocalUpdate((_docId, ref) => sent.push(ref));
    const id = docId('task', 'a1');
    newTask(await repository.open(id), 'a1');
    await repository.flushed();

    expect(await db.outbox.where('docId').equals(id).count()).toBe(1);
    expect(sent).toHaveLength(1);
    expect((await db.tasks.get(id))?.title).toBe('Rà soát hồ sơ đất đai');

    // A "reload": a new repository over the same database sees the same doc.
    repository.destroy();
    const again = new DocRepository(openDb());
    const reloaded = readTask(await again.open(id));
    expect(reloaded?.title).toBe('Rà soát hồ sơ đất đai');
    expect(reloaded?.assignments.map((a) => a.recipientId)).toEqual(['phuong-ben-thanh']);
    again.destroy();
  });

  it('stores a change from the server without putting it in the outbox', async () => {
    const db = openDb();
    const repository = new DocRepository(db);
    const source = new Y.Doc();
    newTask(source, 'r1');
    await repository.applyRemote(docId('task', 'r1'), Y.encodeStateAsUpdate(source));
    await repository.flushed();
    expect(await db.outbox.count()).toBe(0);
    expect(await db.updates.count()).toBe(1);
    expect((await db.tasks.get('task/r1'))?.statuses).toEqual(['sent']);
    repository.destroy();
  });

  it("keeps in the list row how many of its changes wait, in the outbox's own transactions", async () => {
    const db = openDb();
    const repository = new DocRepository(db);
    const id = docId('task', 'w1');
    const doc = await repository.open(id);
    newTask(doc, 'w1');
    await repository.flushed();
    setAssignmentStatus(doc, 'phuong-ben-thanh', 'read', 'u-benthanh', 2);
    await repository.flushed();
    expect((await db.tasks.get(id))?.waiting).toBe(2);
    const refs = (await db.outbox.where('docId').equals(id).primaryKeys()) as number[];
    // An ack of the first: one still waits; of the second: none, and the card may say "saved".
    await db.removeFromOutbox([refs[0] as number]);
    expect((await db.tasks.get(id))?.waiting).toBe(1);
    await db.removeFromOutbox([refs[1] as number]);
    expect((await db.tasks.get(id))?.waiting).toBe(0);
    // A change from the server leaves the count as the outbox has it.
    const source = new Y.Doc();
    Y.applyUpdate(source, Y.encodeStateAsUpdate(doc));
    setAssignmentStatus(source, 'phuong-ben-thanh', 'in_progress', 'u-benthanh', 3);
    await repository.applyRemote(id, Y.encodeStateAsUpdate(source));
    await repository.flushed();
    expect((await db.tasks.get(id))?.waiting).toBe(0);
    repository.destroy();
  });

  it('compacts a doc with many updates into one without losing state', async () => {
    const db = openDb();
    const repository = new DocRepository(db);
    const id = docId('task', 'c1');
    const doc = await repository.open(id);
    newTask(doc, 'c1');
    const statuses = ['read', 'in_progress', 'reported'] as const;
    for (let i = 0; i < 250; i++) {
      setAssignmentStatus(doc, 'phuong-ben-thanh', statuses[i % 3] ?? 'read', 'u-benthanh', i);
    }
    await repository.flushed();
    const rows = await db.updates.where('docId').equals(id).count();
    expect(rows).toBeLessThan(100);
    repository.destroy();
    const fresh = new DocRepository(openDb());
    const task = readTask(await fresh.open(id));
    expect(task?.assignments[0]?.status).toBe(statuses[249 % 3]);
    expect(task?.events).toHaveLength(251);
    fresh.destroy();
  });

  it('keeps only the most recently synced docs in memory, never a doc a page opened, and loses nothing', async () => {
    const db = openDb();
    const repository = new DocRepository(db, { keepInBackground: 10 });
    const pinned = await repository.open(docId('task', 'p0'));
    newTask(pinned, 'p0');
    const server = Array.from({ length: 60 }, (_, i) => {
      const doc = new Y.Doc();
      newTask(doc, `s${i}`);
      return doc;
    });
    // The server sends every doc, then a second change to each of the first 30.
    for (const [i, doc] of server.entries())
      await repository.applyRemote(docId('task', `s${i}`), Y.encodeStateAsUpdate(doc));
    for (const [i, doc] of server.slice(0, 30).entries()) {
      const before = Y.encodeStateVector(doc);
      setAssignmentStatus(doc, 'phuong-ben-thanh', 'read', 'u-benthanh', 2);
      await repository.applyRemote(docId('task', `s${i}`), Y.encodeStateAsUpdate(doc, before));
    }
    await repository.flushed();
    // Ten synced docs and the page's doc; the page's is still the same object.
    expect(repository.inMemory).toBe(11);
    expect(await repository.open(docId('task', 'p0'))).toBe(pinned);
    for (const [i] of server.entries()) {
      const task = readTask(await repository.open(docId('task', `s${i}`)));
      expect(task?.assignments[0]?.status).toBe(i < 30 ? 'read' : 'received');
      expect((await db.tasks.get(docId('task', `s${i}`)))?.title).toBe('Rà soát hồ sơ đất đai');
    }
    repository.destroy();
  });
});
