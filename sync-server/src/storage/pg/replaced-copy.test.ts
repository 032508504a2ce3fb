import { randomBytes } from 'node:crypto';
import {
  addTaskComment,
  createTask,
  type Message,
  readReceipts,
  readTaskComments,
  syncUpdate,
} from '@thongsuot/shared';
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RedisFanOut } from '../../fanout/redis-fan-out.ts';
import { TestSchemas } from '../../testing/pg-schemas.ts';
import { isAck, isSync, type TestPeer } from '../../testing/test-peer.ts';
import { TestServer } from '../../testing/test-server.ts';
import { openPool } from './pg-database.ts';
import { PgDocStore } from './pg-doc-store.ts';

// A write checked on node A against its copy while node B commits to the same doc (issue 15,
// docs/scale-out.md). Node A hears B's commit mid-check and drops the copy; another write then
// reloads it, learning B's number. The first write must not commit on that number, which its
// check never saw: it is refused as changed elsewhere, checked again against the doc as
// committed, and taken. Committed on the later number, node A's receipt for it would reuse the
// relay clock node B's receipt took, and one receipt would be lost.
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const schemas = new TestSchemas();
const nodes: TestServer[] = [];
const peers: TestPeer[] = [];

afterAll(async () => {
  for (const p of peers) p.close();
  for (const node of nodes) await node.stop();
  await schemas.dropAll();
});

const isManifest = (m: Message) => m.type === 'manifest';

async function device(node: TestServer, username: string): Promise<TestPeer> {
  const p = await node.peer(username);
  peers.push(p);
  p.send({ type: 'hello', cursor: 0 });
  await p.next(isManifest);
  return p;
}

function change(doc: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  edit(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

it('refuses to commit a write on a copy another node replaced mid-check, checks it again, and keeps every receipt', async () => {
  const options = await schemas.fresh();
  const channel = `thongsuot:test:${randomBytes(6).toString('hex')}`;
  for (const slow of [true, false]) {
    const fanOut = new RedisFanOut(new Redis(REDIS_URL), new Redis(REDIS_URL), channel);
    await fanOut.ready;
    const store = new PgDocStore(openPool(options));
    nodes.push(
      await new TestServer({
        wrapDocStore: () => store,
        fanOut,
        ...(slow
          ? { applyWorkerData: { entry: new URL('../../testing/slow-engine-worker.ts', import.meta.url).href } }
          : {}),
      }).start(),
    );
  }
  const [a, b] = nodes as [TestServer, TestServer];
  const office = await device(a, 'vanphong');
  const clerk = await device(a, 'benthanh.cv');
  const ward = await device(b, 'benthanh');
  const docId = 'task/replacedslow';
  const doc = new Y.Doc();
  const created = change(doc, (d) =>
    createTask(d, {
      id: 'replacedslow',
      title: 'Rà soát hộ nghèo',
      issuerId: 'u-vanphong',
      issuerUnitId: 'vp-ubnd',
      deadline: '2026-12-20',
      recipients: [{ id: 'phuong-ben-thanh', kind: 'unit' }],
      at: Date.now(),
    }),
  );
  office.send({ type: 'sync', docId, ref: 1, payload: syncUpdate(created) });
  expect(await office.next(isAck)).toMatchObject({ refs: [1] });
  // The clerk, a reader on node A, gets the directive.
  await clerk.next(isSync);
  const comment = (id: string, by: string) =>
    change(new Y.Doc(), (d) => {
      Y.applyUpdate(d, Y.encodeStateAsUpdate(doc));
      addTaskComment(d, { id, by, at: Date.now(), text: `Ý kiến ${id}` });
    });

  // The office's comment is being checked on node A (400 ms) while the ward's commits on node B.
  office.send({ type: 'sync', docId, ref: 2, payload: syncUpdate(comment('c-office', 'u-vanphong')) });
  ward.send({ type: 'sync', docId, ref: 1, payload: syncUpdate(comment('c-ward', 'u-benthanh')) });
  expect(await ward.next(isAck)).toMatchObject({ refs: [1] });
  // Node A has heard it (its devices get it in the same turn), and the clerk's comment reloads
  // the doc there, with node B's number, before the office's check ends.
  await clerk.next(isSync);
  clerk.send({ type: 'sync', docId, ref: 1, payload: syncUpdate(comment('c-clerk', 'u-benthanh-cv')) });
  expect(await office.next(isAck)).toMatchObject({ refs: [2] });
  expect(await clerk.next(isAck)).toMatchObject({ refs: [1] });

  const stored = new Y.Doc();
  for (const update of await a.app.context.docs.loadUpdates(docId)) Y.applyUpdate(stored, update);
  expect(
    readTaskComments(stored)
      ?.map((c) => c.id)
      .sort(),
  ).toEqual(['c-clerk', 'c-office', 'c-ward']);
  const receipts = [...readReceipts(stored).keys()];
  for (const id of ['c-office', 'c-ward', 'c-clerk'])
    expect(
      receipts.filter((key) => key.includes(id)),
      id,
    ).toHaveLength(1);
}, 60_000);
