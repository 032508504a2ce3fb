import { randomBytes } from 'node:crypto';
import {
  addTaskComment,
  createTask,
  type Message,
  postMessage,
  readReceipts,
  readSyncPayload,
  readTask,
  readTaskComments,
  removeConversationMember,
  setTaskDeadline,
  setTaskPriority,
  syncStep1,
  syncUpdate,
} from '@thongsuot/shared';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { FanOut } from '../../fanout/fan-out.ts';
import { RedisFanOut } from '../../fanout/redis-fan-out.ts';
import { changeOf, newConversation } from '../../testing/fixtures.ts';
import { TestSchemas } from '../../testing/pg-schemas.ts';
import { isAck, isError, isSync, isUnsubscribed, type TestPeer } from '../../testing/test-peer.ts';
import { TestServer } from '../../testing/test-server.ts';
import { openPool, type PgOptions } from './pg-database.ts';
import { PgDocStore } from './pg-doc-store.ts';

// Two relay nodes sharing one PostgreSQL store and one Redis channel (docs/scale-out.md), clients
// on each. A write reaches the other node's clients; and a write checked on a node whose copy of
// the doc is older than another node's commit is refused as retryable, then taken once sent
// again, checked against the doc as committed by both. (Accounts and sessions are still each
// node's own here: each client signs in on its node.)
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const schemas = new TestSchemas();
let nodes: TestServer[] = [];
/** The schema the nodes of the test share. */
let shared: PgOptions;
const peers: TestPeer[] = [];
/** While set, node A's fan-out drops what it hears, as pub/sub does when Redis restarts. */
let dropping = false;

beforeEach(async () => {
  const options = await schemas.fresh();
  shared = options;
  const channel = `thongsuot:test:${randomBytes(6).toString('hex')}`;
  dropping = false;
  nodes = await Promise.all(
    [0, 1].map(async (n) => {
      const redis = new RedisFanOut(new Redis(REDIS_URL), new Redis(REDIS_URL), channel);
      await redis.ready;
      const fanOut: FanOut =
        n === 0
          ? {
              publish: (event) => redis.publish(event),
              subscribe: (listener) => redis.subscribe((event) => (dropping ? undefined : listener(event))),
              close: () => redis.close(),
            }
          : redis;
      const store = new PgDocStore(openPool(options));
      return new TestServer({ wrapDocStore: () => store, fanOut }).start();
    }),
  );
});

afterEach(async () => {
  for (const peer of peers.splice(0)) peer.close();
  for (const node of nodes) await node.stop();
});

afterAll(() => schemas.dropAll());

type ManifestFrame = Extract<Message, { type: 'manifest' }>;
const isManifest = (m: Message): m is ManifestFrame => m.type === 'manifest';

/** A device on `node`: says hello with `cursor`; `manifest` is what it was told. */
async function device(node: TestServer, username: string, cursor = 0) {
  const p = await node.peer(username);
  peers.push(p);
  p.send({ type: 'hello', cursor });
  return { peer: p, manifest: await p.next(isManifest) };
}

async function peer(node: TestServer, username: string): Promise<TestPeer> {
  return (await device(node, username)).peer;
}

/** The doc rebuilt from its own state: a state with a duplicated id would not survive it whole. */
function replay(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

function change(doc: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  edit(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

it('checks a write against the doc as every node committed it, and delivers it to the other node', async () => {
  const [a, b] = nodes as [TestServer, TestServer];
  const office = await peer(a, 'vanphong');
  const ward = await peer(b, 'benthanh');
  const docId = 'task/twonodes1';

  // The office creates a directive to the ward on node A.
  const officeCopy = new Y.Doc();
  const created = change(officeCopy, (d) =>
    createTask(d, {
      id: 'twonodes1',
      title: 'Kiểm tra an toàn phòng cháy chữa cháy',
      issuerId: 'u-vanphong',
      issuerUnitId: 'vp-ubnd',
      deadline: '2026-12-20',
      recipients: [{ id: 'phuong-ben-thanh', kind: 'unit' }],
      at: Date.now(),
    }),
  );
  office.send({ type: 'sync', docId, ref: 1, payload: syncUpdate(created) });
  expect(await office.next(isAck)).toMatchObject({ refs: [1] });

  // The ward, on node B, gets it from the shared store and answers with a comment there.
  ward.send({ type: 'subscribe', docs: [{ docId, stateVector: Y.encodeStateVector(new Y.Doc()) }] });
  const wardCopy = new Y.Doc();
  const state = readSyncPayload((await ward.next(isSync)).payload);
  if (state.kind === 'step1') throw new Error('expected the doc');
  Y.applyUpdate(wardCopy, state.update);
  expect(readTask(wardCopy)?.title).toBe('Kiểm tra an toàn phòng cháy chữa cháy');
  const comment = change(wardCopy, (d) =>
    addTaskComment(d, { id: 'c1', by: 'u-benthanh', at: Date.now(), text: 'Phường đã nhận, đang triển khai.' }),
  );
  ward.send({ type: 'sync', docId, ref: 1, payload: syncUpdate(comment) });
  expect(await ward.next(isAck)).toMatchObject({ refs: [1] });

  // Node B's comment reaches the office on node A, through Redis; node A, hearing of it, drops its
  // own copy of the doc, so the office's next write is checked against both commits and taken.
  await office.next(isSync);
  const deadline = change(officeCopy, (d) => setTaskDeadline(d, '2026-12-31', 'u-vanphong', Date.now()));
  office.send({ type: 'sync', docId, ref: 2, payload: syncUpdate(deadline) });
  expect(await office.next(isAck)).toMatchObject({ refs: [2] });
  const wardHears = readSyncPayload((await ward.next(isSync)).payload);
  if (wardHears.kind === 'step1') throw new Error('expected an update');
  Y.applyUpdate(wardCopy, wardHears.update);

  // Node A misses the ward's next comment (the fan-out drops it): its copy is old, and nothing
  // tells it. The office's next write, checked against that copy, is refused by the store; the
  // relay drops its copy and checks the write again against the doc as both nodes committed it,
  // and takes it, without a round trip to the device.
  dropping = true;
  const again = change(wardCopy, (d) =>
    addTaskComment(d, { id: 'c2', by: 'u-benthanh', at: Date.now(), text: 'Đã kiểm tra xong 3 tổ dân phố.' }),
  );
  ward.send({ type: 'sync', docId, ref: 2, payload: syncUpdate(again) });
  expect(await ward.next(isAck)).toMatchObject({ refs: [2] });
  const reply = change(officeCopy, (d) => {
    setTaskPriority(d, 'urgent', 'u-vanphong', Date.now());
    addTaskComment(d, { id: 'c3', by: 'u-vanphong', at: Date.now(), text: 'Đề nghị báo cáo trước ngày 25.' });
  });
  office.send({ type: 'sync', docId, ref: 3, payload: syncUpdate(reply) });
  expect(await office.next(isAck)).toMatchObject({ refs: [3] });
  const reader = new PgDocStore(openPool({ ...shared, max: 1 }));
  const stored = new Y.Doc();
  for (const update of await reader.loadUpdates(docId)) Y.applyUpdate(stored, update);
  await reader.close();
  expect(readTask(stored)).toMatchObject({ deadline: '2026-12-31', priority: 'urgent' });
  // The office's comment was written beside the ward's, on a copy without them: in any order.
  expect(
    readTaskComments(stored)
      ?.map((c) => c.text)
      .sort(),
  ).toEqual(
    ['Phường đã nhận, đang triển khai.', 'Đã kiểm tra xong 3 tổ dân phố.', 'Đề nghị báo cáo trước ngày 25.'].sort(),
  );
  // The relay's receipts, stamped by both nodes under one client id, are all there: a node
  // stamping on an old copy would reuse the other's clock, and one of the two would be lost.
  const receipts = [...readReceipts(stored).keys()];
  expect(receipts.filter((key) => key.includes('c1'))).toHaveLength(1);
  expect(receipts.filter((key) => key.includes('c2'))).toHaveLength(1);
  expect(receipts.filter((key) => key.includes('c3'))).toHaveLength(1);
  expect(receipts.length).toBe(new Set(receipts).size);
  expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(replay(stored)));
});

it('sends a device on a node that missed a message to catch up, and it gets what it missed', async () => {
  const [a, b] = nodes as [TestServer, TestServer];
  const ward = await device(a, 'benthanh');
  const office = await peer(b, 'vanphong');
  const docId = 'task/twonodes2';
  const officeCopy = new Y.Doc();
  const send = async (ref: number, edit: (doc: Y.Doc) => void) => {
    office.send({ type: 'sync', docId, ref, payload: syncUpdate(change(officeCopy, edit)) });
    expect(await office.next(isAck)).toMatchObject({ refs: [ref] });
  };
  await send(1, (d) =>
    createTask(d, {
      id: 'twonodes2',
      title: 'Báo cáo số liệu dân cư quý IV',
      issuerId: 'u-vanphong',
      issuerUnitId: 'vp-ubnd',
      deadline: '2026-12-20',
      recipients: [{ id: 'phuong-ben-thanh', kind: 'unit' }],
      at: Date.now(),
    }),
  );
  // The new directive reaches the ward's device on node A, through Redis.
  const wardCopy = new Y.Doc();
  const first = readSyncPayload((await ward.peer.next(isSync)).payload);
  if (first.kind === 'step1') throw new Error('expected the directive');
  Y.applyUpdate(wardCopy, first.update);

  // Node A misses the next change; the one after tells it so, by its previous number.
  dropping = true;
  await send(2, (d) => setTaskDeadline(d, '2026-12-31', 'u-vanphong', Date.now()));
  dropping = false;
  await send(3, (d) => setTaskPriority(d, 'urgent', 'u-vanphong', Date.now()));
  expect(await ward.peer.closed()).toBe(1012);

  // The device comes back with its cursor: the manifest lists the directive, and what it lacks
  // comes with its state vector's answer.
  const back = await device(a, 'benthanh', ward.manifest.cursor);
  expect(back.manifest.docIds).toContain(docId);
  back.peer.send({ type: 'subscribe', docs: [{ docId, stateVector: Y.encodeStateVector(wardCopy) }] });
  const missed = readSyncPayload((await back.peer.next(isSync)).payload);
  if (missed.kind === 'step1') throw new Error('expected what was missed');
  Y.applyUpdate(wardCopy, missed.update);
  expect(readTask(wardCopy)).toMatchObject({ deadline: '2026-12-31', priority: 'urgent' });
});

it('a member removed on one node loses the conversation on the other within 5 s, to read and to write', async () => {
  const [a, b] = nodes as [TestServer, TestServer];
  const member = await peer(a, 'benthanh');
  const owner = await peer(b, 'vanphong');
  const conv = newConversation('nodes1', 'u-vanphong', ['u-vanphong', 'u-benthanh']);
  owner.send({ type: 'sync', docId: 'conv/nodes1', ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(conv)) });
  await owner.next(isAck);
  // The member reads it on node A (node A now holds what it knows of the conversation's readers).
  member.send({ type: 'subscribe', docs: [{ docId: 'conv/nodes1', stateVector: Y.encodeStateVector(new Y.Doc()) }] });
  await member.next(
    (m): m is Extract<Message, { type: 'sync' }> => isSync(m) && m.ref === 0 && m.docId === 'conv/nodes1',
  );
  const memberCopy = new Y.Doc();
  Y.applyUpdate(memberCopy, Y.encodeStateAsUpdate(conv));

  const removal = changeOf(conv, (d) => removeConversationMember(d, 'u-benthanh', 'u-vanphong', Date.now()));
  owner.send({ type: 'sync', docId: 'conv/nodes1', ref: 2, payload: syncUpdate(removal) });
  await owner.next(isAck);
  const removedAt = Date.now();
  expect((await member.next(isUnsubscribed)).docIds).toEqual(['conv/nodes1']);
  expect(Date.now() - removedAt).toBeLessThan(5000);
  // On node A, the conversation is no longer the member's: neither to read...
  member.send({
    type: 'sync',
    docId: 'conv/nodes1',
    ref: 0,
    payload: syncStep1(Y.encodeStateVector(new Y.Doc())),
  });
  expect(await member.next(isError)).toMatchObject({ docId: 'conv/nodes1', code: 'not_found' });
  // ...nor to write in.
  const message = changeOf(memberCopy, (d) =>
    postMessage(d, { id: 'm1', by: 'u-benthanh', at: Date.now(), text: 'Còn ai không?' }),
  );
  member.send({ type: 'sync', docId: 'conv/nodes1', ref: 5, payload: syncUpdate(message) });
  expect(await member.next(isError)).toMatchObject({ ref: 5, code: 'forbidden' });
});
