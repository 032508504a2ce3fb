import {
  addTaskComment,
  appendToLog,
  encodeMessage,
  MessageType,
  messagePeriod,
  readConversation,
  readConvLog,
  readTask,
  syncStep1,
  syncUpdate,
  writeAwarenessPayload,
} from '@thongsuot/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { changeOf, copyOf, newConversation, newTask } from '../testing/fixtures.ts';
import { isAck, isManifest, type TestPeer } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';

/**
 * docs/design.md §4: at least 100,000 random and mutated frames through real sockets. The server
 * neither crashes nor stalls, and the docs stay readable and unchanged by refused input.
 * Seeded: a failing seed is pinned in PINNED_SEEDS.
 */
const FRAMES = Number(process.env.FUZZ_FRAMES ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? 4242);
const BATCH = 5_000;

let server: TestServer;
const stored = new Map<string, Uint8Array[]>();
const valid: Uint8Array[] = [];

beforeAll(async () => {
  server = await new TestServer({
    limits: { framesPerSecond: 1_000_000, frameBurst: 1_000_000, bytesPerSecond: 1e9, byteBurst: 1e9 },
  }).start();
  const office = await server.peer('vanphong');
  const task = newTask('fz1');
  const conv = newConversation('fz2', 'u-vanphong', ['u-vanphong', 'u-benthanh']);
  office.send({ type: 'sync', docId: 'task/fz1', ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(task)) });
  office.send({ type: 'sync', docId: 'conv/fz2', ref: 2, payload: syncUpdate(Y.encodeStateAsUpdate(conv)) });
  const at = 1_700_000_000_000;
  const logId = `convlog/fz2_${messagePeriod(at)}`;
  const log = new Y.Doc();
  appendToLog(log, 'fz2', { id: 'm1', by: 'u-vanphong', at, text: 'Họp' });
  office.send({ type: 'sync', docId: logId, ref: 3, payload: syncUpdate(Y.encodeStateAsUpdate(log)) });
  await office.collect(isAck, 3);
  office.close();
  for (const id of ['task/fz1', 'conv/fz2', logId]) stored.set(id, await server.app.context.docs.loadUpdates(id));
  // Seeds for mutation: well-formed frames of every type, including writes that would be accepted
  // from a member (the fuzzing people are not members, so they must all be refused).
  const comment = changeOf(copyOf(task), (d) =>
    addTaskComment(d, { id: 'z', by: 'u-condao', at: 1_700_000_005_000, text: 'x' }),
  );
  const post = changeOf(copyOf(log), (d) => appendToLog(d, 'fz2', { id: 'z', by: 'u-saigon', at, text: 'x' }));
  valid.push(
    encodeMessage({ type: 'hello', cursor: 0 }),
    encodeMessage({ type: 'sync', docId: logId, ref: 7, payload: syncUpdate(post) }),
    encodeMessage({ type: 'sync', docId: logId, ref: 8, payload: syncStep1(Y.encodeStateVector(log)) }),
    encodeMessage({ type: 'sync', docId: 'task/fz1', ref: 3, payload: syncUpdate(comment) }),
    encodeMessage({ type: 'sync', docId: 'task/fz1', ref: 4, payload: syncUpdate(Y.encodeStateAsUpdate(task)) }),
    encodeMessage({ type: 'sync', docId: 'conv/fz2', ref: 5, payload: syncStep1(Y.encodeStateVector(conv)) }),
    encodeMessage({
      type: 'sync',
      docId: 'task/new',
      ref: 6,
      payload: syncUpdate(Y.encodeStateAsUpdate(newTask('new'))),
    }),
    encodeMessage({ type: 'subscribe', docs: [{ docId: 'task/fz1', stateVector: Y.encodeStateVector(task) }] }),
    encodeMessage({
      type: 'awareness',
      docId: 'task/fz1',
      payload: writeAwarenessPayload([{ clientId: 1, clock: 1, stateJson: '{"a":1}' }]),
    }),
  );
}, 60_000);
afterAll(async () => {
  await server.stop();
});

function frames(seed: number, count: number): Uint8Array[] {
  const mutated = fc
    .tuple(
      fc.constantFrom(...valid),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      fc.nat(8),
    )
    .map(([base, flips, cut]) => {
      const frame = base.slice(0, Math.max(1, base.length - (cut % 3 === 0 ? cut : 0)));
      for (const [at, value] of flips) frame[at % frame.length] = value;
      return frame;
    });
  const typed = fc
    .tuple(fc.constantFrom(...Object.values(MessageType)), fc.uint8Array({ maxLength: 300 }))
    .map(([type, body]) => new Uint8Array([type, ...body]));
  const arbitrary = fc.oneof(
    { weight: 5, arbitrary: mutated },
    { weight: 3, arbitrary: typed },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  );
  return fc.sample(arbitrary, { numRuns: count, seed });
}

async function alive(peer: TestPeer): Promise<void> {
  peer.send({ type: 'hello', cursor: 0 });
  await peer.next(isManifest, 60_000);
}

async function fuzz(seed: number, count: number): Promise<void> {
  // None of these people may write to the stored docs.
  let refusals = 0;
  const peers = await Promise.all([server.peer('condao'), server.peer('cangio'), server.peer('saigon')]);
  for (let start = 0; start < count; start += BATCH) {
    const batch = frames(seed + start, Math.min(BATCH, count - start));
    for (const [i, frame] of batch.entries()) (peers[i % peers.length] as TestPeer).sendRaw(frame);
    // No stall: every connection still answers after its share of the batch.
    await Promise.all(peers.map(alive));
    await server.app.context.hub.drain();
    for (const p of peers) {
      refusals += p.received.filter((m) => m.type === 'error').length;
      p.received.length = 0;
    }
  }
  console.log(`fuzz: ${count} frames, ${refusals} refused with an error frame`);
  for (const p of peers) p.close();
  // Every existing doc is exactly as stored before, and readable.
  for (const [docId, before] of stored) {
    const after = await server.app.context.docs.loadUpdates(docId);
    expect(after).toEqual(before);
    const doc = new Y.Doc();
    for (const u of after) Y.applyUpdate(doc, u);
    const read = docId.startsWith('task/') ? readTask : docId.startsWith('conv/') ? readConversation : readConvLog;
    expect(read(doc)).not.toBeNull();
  }
  // Any doc the fuzz created passed every check, so it must be readable too.
  const { docIds } = await server.app.context.docs.changedSince(
    [
      'org:all',
      'unit:xa-can-gio',
      'unit:phuong-sai-gon',
      'unit:dac-khu-con-dao',
      'user:u-condao',
      'user:u-cangio',
      'user:u-saigon',
    ],
    0,
  );
  for (const docId of docIds) {
    const doc = new Y.Doc();
    for (const u of await server.app.context.docs.loadUpdates(docId)) Y.applyUpdate(doc, u);
    expect(doc.store.pendingStructs).toBeNull();
  }
}

/** Seeds that once found a bug; each runs on every test run. */
const PINNED_SEEDS: readonly number[] = [];

it(`survives ${FRAMES} random and mutated frames`, async () => {
  for (const seed of PINNED_SEEDS) await fuzz(seed, BATCH);
  await fuzz(SEED, FRAMES);
}, 600_000);
