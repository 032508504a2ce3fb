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
import type { FanOut } from '../../fanout/fan-out.ts';
import { RedisFanOut } from '../../fanout/redis-fan-out.ts';
import { TestSchemas } from '../../testing/pg-schemas.ts';
import { isAck, isSync, type TestPeer } from '../../testing/test-peer.ts';
import { TestServer } from '../../testing/test-server.ts';
import { ForwardingDocStore } from '../forwarding-doc-store.ts';
import { openPool } from './pg-database.ts';
import { PgDocStore } from './pg-doc-store.ts';

// Another node's commits to a doc this node holds (issue 15, docs/scale-out.md).
// 1. Taken into the copy: node A, idle on the doc, takes node B's commits into its copy and
//    record, so its own next writes need no reload from PostgreSQL.
// 2. A write checked on node A against its copy while node B commits to the same doc: node A
//    hears B's commit mid-check and drops the copy; another write then reloads it, learning B's
//    number. The first write must not commit on that number, which its check never saw: it is
//    refused as changed elsewhere, checked again against the doc as committed, and taken.
//    Committed on the later number, node A's receipt for it would reuse the relay clock node B's
//    receipt took, and one receipt would be lost.
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const schemas = new TestSchemas();
const nodes: TestServer[] = [];
const peers: TestPeer[] = [];

/** Counts the doc loads a node makes from the shared store. */
class CountingStore extends ForwardingDocStore {
  loads = 0;
  override loadUpdates(docId: string): Promise<Uint8Array[]> {
    this.loads++;
    return this.inner.loadUpdates(docId);
  }
}

/** While set, node A commits but announces nothing, as a node killed between the two. */
let quietA = false;

async function twoNodes(slowA: boolean): Promise<{ a: TestServer; b: TestServer; loadsOfA: CountingStore }> {
  const options = await schemas.fresh();
  const channel = `thongsuot:test:${randomBytes(6).toString('hex')}`;
  const made: TestServer[] = [];
  let loadsOfA: CountingStore | null = null;
  for (const first of [true, false]) {
    const redis = new RedisFanOut(new Redis(REDIS_URL), new Redis(REDIS_URL), channel);
    await redis.ready;
    const fanOut: FanOut = first
      ? {
          publish: (event) => (quietA ? undefined : redis.publish(event)),
          subscribe: (listener) => redis.subscribe(listener),
          close: () => redis.close(),
        }
      : redis;
    const store = new CountingStore(new PgDocStore(openPool(options)));
    if (first) loadsOfA = store;
    const node = await new TestServer({
      wrapDocStore: () => store,
      fanOut,
      ...(first && slowA
        ? { applyWorkerData: { entry: new URL('../../testing/slow-engine-worker.ts', import.meta.url).href } }
        : {}),
    }).start();
    nodes.push(node);
    made.push(node);
  }
  return { a: made[0] as TestServer, b: made[1] as TestServer, loadsOfA: loadsOfA as CountingStore };
}

function directive(id: string): Uint8Array {
  const doc = new Y.Doc();
  createTask(doc, {
    id,
    title: 'Rà soát hộ nghèo',
    issuerId: 'u-vanphong',
    issuerUnitId: 'vp-ubnd',
    deadline: '2026-12-20',
    recipients: [{ id: 'phuong-ben-thanh', kind: 'unit' }],
    at: Date.now(),
  });
  return Y.encodeStateAsUpdate(doc);
}

/** A comment on the doc whose state is `base`, from a device of its own (a new client id). */
function comment(base: Uint8Array, id: string, by: string): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  const before = Y.encodeStateVector(doc);
  addTaskComment(doc, { id, by, at: Date.now(), text: `Ý kiến ${id}` });
  return Y.encodeStateAsUpdate(doc, before);
}

it("takes the other node's commits into its copy: its own next writes load nothing", async () => {
  const { a, b, loadsOfA } = await twoNodes(false);
  const office = await device(a, 'vanphong');
  const ward = await device(b, 'benthanh');
  const docId = 'task/takenin';
  const created = directive('takenin');
  office.send({ type: 'sync', docId, ref: 1, payload: syncUpdate(created) });
  expect(await office.next(isAck)).toMatchObject({ refs: [1] });
  const loadsAfterCreate = loadsOfA.loads;
  for (let n = 1; n <= 5; n++) {
    ward.send({ type: 'sync', docId, ref: n, payload: syncUpdate(comment(created, `w${n}`, 'u-benthanh')) });
    expect(await ward.next(isAck)).toMatchObject({ refs: [n] });
    // Node A delivers it to the office in the same turn as it takes it in.
    await office.next(isSync);
    office.send({ type: 'sync', docId, ref: n + 1, payload: syncUpdate(comment(created, `o${n}`, 'u-vanphong')) });
    expect(await office.next(isAck)).toMatchObject({ refs: [n + 1] });
  }
  expect(loadsOfA.loads).toBe(loadsAfterCreate);
  const stored = new Y.Doc();
  for (const update of await a.app.context.docs.loadUpdates(docId)) Y.applyUpdate(stored, update);
  expect(
    readTaskComments(stored)
      ?.map((c) => c.id)
      .sort(),
  ).toEqual(['o1', 'o2', 'o3', 'o4', 'o5', 'w1', 'w2', 'w3', 'w4', 'w5']);
  const receipts = [...readReceipts(stored).keys()];
  expect(receipts.filter((key) => /[ow]\d/.test(key))).toHaveLength(10);
  expect(receipts.length).toBe(new Set(receipts).size);
}, 60_000);

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

it('refuses to commit a write on a copy another node replaced mid-check, checks it again, and keeps every receipt', async () => {
  const { a, b } = await twoNodes(true);
  const office = await device(a, 'vanphong');
  const clerk = await device(a, 'benthanh.cv');
  const ward = await device(b, 'benthanh');
  const docId = 'task/replacedslow';
  const created = directive('replacedslow');

  office.send({ type: 'sync', docId, ref: 1, payload: syncUpdate(created) });
  expect(await office.next(isAck)).toMatchObject({ refs: [1] });
  // The clerk, a reader on node A, gets the directive.
  await clerk.next(isSync);

  // The office's comment is being checked on node A (400 ms) while the ward's commits on node B.
  office.send({ type: 'sync', docId, ref: 2, payload: syncUpdate(comment(created, 'c-office', 'u-vanphong')) });
  ward.send({ type: 'sync', docId, ref: 1, payload: syncUpdate(comment(created, 'c-ward', 'u-benthanh')) });
  expect(await ward.next(isAck)).toMatchObject({ refs: [1] });
  // Node A has heard it (its devices get it in the same turn), and the clerk's comment reloads
  // the doc there, with node B's number, before the office's check ends.
  await clerk.next(isSync);
  clerk.send({ type: 'sync', docId, ref: 1, payload: syncUpdate(comment(created, 'c-clerk', 'u-benthanh-cv')) });
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

it('sends the devices of other nodes to catch up on a commit its node never announced', async () => {
  const { a, b } = await twoNodes(false);
  const office = await device(a, 'vanphong');
  const ward = await b.peer('benthanh');
  peers.push(ward);
  ward.send({ type: 'hello', cursor: 0 });
  const { cursor } = (await ward.next(isManifest)) as Extract<Message, { type: 'manifest' }>;
  // Node A commits the directive and dies, as far as the others can tell, before announcing it.
  quietA = true;
  office.send({ type: 'sync', docId: 'task/unannounced', ref: 1, payload: syncUpdate(directive('unannounced')) });
  expect(await office.next(isAck)).toMatchObject({ refs: [1] });
  const closed = await Promise.race([
    ward.closed(),
    new Promise<string>((resolve) => setTimeout(() => resolve('still open after 15 s'), 15_000)),
  ]);
  expect(closed).toBe(1012);
  // Back with its cursor, the ward is told of the directive.
  const back = await b.peer('benthanh');
  peers.push(back);
  back.send({ type: 'hello', cursor });
  const manifest = (await back.next(isManifest)) as Extract<Message, { type: 'manifest' }>;
  expect(manifest.docIds).toContain('task/unannounced');
  quietA = false;
}, 60_000);
