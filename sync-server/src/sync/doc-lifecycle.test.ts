import { addTaskComment, readTask, syncStep1, syncUpdate } from '@thongsuot/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { DocWrite } from '../storage/doc-store.ts';
import { changeOf, newTask } from '../testing/fixtures.ts';
import { isAck, isSync } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';

// Each test starts a server (a worker thread, seeded accounts): slow on a busy 2-core machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop().catch(() => {});
});

describe('doc lifecycle: compaction, idle unload, graceful shutdown (docs/design.md §7)', () => {
  it('compacts a doc through a Y.Doc past the update threshold, keeping its content', async () => {
    const server = await new TestServer({ compactAfterUpdates: 20 }).start();
    servers.push(server);
    const office = await server.peer('vanphong');
    const task = newTask('c1');
    office.send({ type: 'sync', docId: 'task/c1', ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(task)) });
    for (let i = 0; i < 50; i++) {
      const change = changeOf(task, (d) =>
        addTaskComment(d, { id: `k${i}`, by: 'u-vanphong', at: 1_700_000_000_000 + i + 1, text: `Ý kiến ${i}` }),
      );
      office.send({ type: 'sync', docId: 'task/c1', ref: i + 2, payload: syncUpdate(change) });
    }
    let acks = 0;
    while (acks < 51) acks += (await office.next(isAck)).refs.length;
    await server.app.context.hub.drain();
    expect(server.app.context.hub.compactions).toBeGreaterThan(0);
    const stored = await server.app.context.docs.loadUpdates('task/c1');
    expect(stored.length).toBeLessThan(25);
    const copy = new Y.Doc();
    for (const u of stored) Y.applyUpdate(copy, u);
    expect(readTask(copy)?.comments).toHaveLength(50);
    office.close();
  });

  it('keeps memory bounded with 100,000 docs on disk: idle and least recently used docs are unloaded', async () => {
    const server = await new TestServer().start();
    servers.push(server);
    const { docs, hub, engine } = server.app.context;
    const template = newTask('bulk');
    const update = Y.encodeStateAsUpdate(template);
    for (let start = 0; start < 100_000; start += 10_000) {
      const writes: DocWrite[] = Array.from({ length: 10_000 }, (_, i) => ({
        docId: `task/b${start + i}`,
        kind: 'task',
        update,
        projection: { readers: ['unit:phuong-ben-thanh'] },
        audit: [],
      }));
      await docs.appendBatch(writes, 1);
    }
    const ward = await server.peer('benthanh');
    const rss = process.memoryUsage().rss;
    for (let round = 0; round < 4; round++) {
      const ids = Array.from({ length: 1000 }, (_, i) => `task/b${(round * 24_989 + i * 97) % 100_000}`);
      ward.send({ type: 'subscribe', docs: ids.map((docId) => ({ docId, stateVector: new Uint8Array([0]) })) });
      await ward.collect(isSync, ids.length, 60_000);
      hub.sweep(60_000, 500);
      expect(engine.residentCount).toBeLessThanOrEqual(500);
    }
    // Idle docs go entirely.
    expect(hub.sweep(0, 500)).toBeGreaterThan(0);
    expect(engine.residentCount).toBe(0);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
    ward.send({ type: 'sync', docId: 'task/b7', ref: 0, payload: syncStep1(new Uint8Array([0])) });
    expect((await ward.next(isSync)).docId).toBe('task/b7');
    ward.close();
  }, 120_000);

  it('finishes and acknowledges the writes in flight when shut down gracefully', async () => {
    const server = await new TestServer().start();
    servers.push(server);
    const office = await server.peer('vanphong');
    for (let i = 0; i < 200; i++) {
      office.send({
        type: 'sync',
        docId: `task/s${i}`,
        ref: i + 1,
        payload: syncUpdate(Y.encodeStateAsUpdate(newTask(`s${i}`))),
      });
    }
    // Wait until the server has received them all (the first ack proves the socket is flowing).
    await office.next(isAck);
    const closing = server.app.server.close();
    const code = await office.closed();
    await closing;
    const acked = new Set(office.received.flatMap((m) => (m.type === 'ack' ? m.refs : [])));
    expect(code).toBe(1012);
    const { openDatabase } = await import('../storage/sqlite-database.ts');
    const db = openDatabase(server.databasePath);
    const stored = db.prepare("SELECT COUNT(*) FROM docs WHERE doc_id LIKE 'task/s%'").pluck().get() as number;
    db.close();
    // Everything acknowledged is stored, and everything stored was acknowledged before the close.
    expect(stored).toBeGreaterThanOrEqual(acked.size + 1);
    expect(acked.size + 1).toBe(stored);
  });
});
