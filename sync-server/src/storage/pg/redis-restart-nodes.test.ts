import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  createTask,
  type Message,
  readSyncPayload,
  readTask,
  setTaskDeadline,
  setTaskPriority,
  syncUpdate,
} from '@thongsuot/shared';
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RedisFanOut } from '../../fanout/redis-fan-out.ts';
import { freePort } from '../../testing/free-port.ts';
import { TestSchemas } from '../../testing/pg-schemas.ts';
import { killRedis, startRedis } from '../../testing/redis-server.ts';
import { isAck, isSync, type TestPeer } from '../../testing/test-peer.ts';
import { TestServer } from '../../testing/test-server.ts';
import { openPool } from './pg-database.ts';
import { PgDocStore } from './pg-doc-store.ts';

// Redis restarted under three relay nodes on one PostgreSQL store (issue 15, docs/scale-out.md):
// a change committed while Redis is down is delivered late, never lost. Every node is told it
// lost its subscription and sends its devices away to catch up by their cursor; what is written
// after Redis is back reaches them live.
const schemas = new TestSchemas();
let redis: ChildProcess | null = null;
const nodes: TestServer[] = [];
const peers: TestPeer[] = [];

afterAll(async () => {
  for (const p of peers) p.close();
  for (const node of nodes) await node.stop();
  if (redis) await killRedis(redis);
  await schemas.dropAll();
});

const isManifest = (m: Message): m is Extract<Message, { type: 'manifest' }> => m.type === 'manifest';

async function device(node: TestServer, username: string, cursor = 0) {
  const peer = await node.peer(username);
  peers.push(peer);
  peer.send({ type: 'hello', cursor });
  return { peer, manifest: await peer.next(isManifest) };
}

function received(doc: Y.Doc, message: Extract<Message, { type: 'sync' }>): void {
  const payload = readSyncPayload(message.payload);
  if (payload.kind === 'step1') throw new Error('expected an update');
  Y.applyUpdate(doc, payload.update);
}

it('delivers a change made while Redis was down once it is back, and everything after it live', async () => {
  const port = await freePort();
  redis = await startRedis(port);
  const options = await schemas.fresh();
  const channel = `thongsuot:test:${randomBytes(4).toString('hex')}`;
  const connect = () => new Redis(`redis://127.0.0.1:${port}`, { retryStrategy: () => 50, maxRetriesPerRequest: null });
  for (let n = 0; n < 3; n++) {
    const fanOut = new RedisFanOut(connect(), connect(), channel);
    await fanOut.ready;
    const store = new PgDocStore(openPool(options));
    nodes.push(await new TestServer({ wrapDocStore: () => store, fanOut }).start());
  }
  const [a, b, c] = nodes as [TestServer, TestServer, TestServer];
  // The ward's chairman on node A and its clerk on node C; the office on node B.
  const wards = [await device(a, 'benthanh'), await device(c, 'benthanh.cv')];
  const office = (await device(b, 'vanphong')).peer;
  const docId = 'task/redisdown';
  const officeCopy = new Y.Doc();
  let ref = 0;
  const send = async (edit: (doc: Y.Doc) => void) => {
    const before = Y.encodeStateVector(officeCopy);
    edit(officeCopy);
    ref += 1;
    office.send({ type: 'sync', docId, ref, payload: syncUpdate(Y.encodeStateAsUpdate(officeCopy, before)) });
    expect(await office.next(isAck)).toMatchObject({ refs: [ref] });
  };
  await send((d) =>
    createTask(d, {
      id: 'redisdown',
      title: 'Rà soát hộ nghèo cuối năm',
      issuerId: 'u-vanphong',
      issuerUnitId: 'vp-ubnd',
      deadline: '2026-12-20',
      recipients: [{ id: 'phuong-ben-thanh', kind: 'unit' }],
      at: Date.now(),
    }),
  );
  const copies = wards.map(() => new Y.Doc());
  for (const [i, ward] of wards.entries()) received(copies[i] as Y.Doc, await ward.peer.next(isSync));

  // Redis dies; the office's change commits meanwhile (PostgreSQL has it), its message is lost.
  await killRedis(redis);
  await send((d) => setTaskDeadline(d, '2026-12-31', 'u-vanphong', Date.now()));
  redis = await startRedis(port);
  // Every node lost its subscription and sends its devices away to catch up.
  expect(await Promise.all(wards.map((w) => w.peer.closed()))).toEqual([1012, 1012]);

  const back = [
    await device(a, 'benthanh', wards[0]?.manifest.cursor),
    await device(c, 'benthanh.cv', wards[1]?.manifest.cursor),
  ];
  for (const [i, ward] of back.entries()) {
    expect(ward.manifest.docIds).toContain(docId);
    ward.peer.send({ type: 'subscribe', docs: [{ docId, stateVector: Y.encodeStateVector(copies[i] as Y.Doc) }] });
    received(copies[i] as Y.Doc, await ward.peer.next(isSync));
    expect(readTask(copies[i] as Y.Doc)?.deadline).toBe('2026-12-31');
  }

  // After Redis is back, changes reach the devices live again.
  const officeAgain = (await device(b, 'vanphong')).peer;
  const before = Y.encodeStateVector(officeCopy);
  setTaskPriority(officeCopy, 'urgent', 'u-vanphong', Date.now());
  officeAgain.send({ type: 'sync', docId, ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(officeCopy, before)) });
  expect(await officeAgain.next(isAck)).toMatchObject({ refs: [1] });
  for (const [i, ward] of back.entries()) {
    received(copies[i] as Y.Doc, await ward.peer.next(isSync));
    expect(readTask(copies[i] as Y.Doc)?.priority).toBe('urgent');
  }
}, 60_000);
