import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  addTaskComment,
  encodeMessage,
  MAX_SUBSCRIBE_DOCS,
  type Message,
  syncStep1,
  syncUpdate,
  writeAwarenessPayload,
} from '@thongsuot/shared';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { changeOf, copyOf, newTask } from '../testing/fixtures.ts';
import { FloodPeer, type FloodReport } from '../testing/flood-peer.ts';
import { isAck, isError, isSync, type TestPeer } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const KNOWN = 200;
const TICKS = 60;
const TICK_MS = 50;
const EMPTY_SV = new Uint8Array([0]);
/** The calm connection starts a round trip this often, whether or not earlier ones are answered. */
const INTERVAL_MS = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

let server: TestServer;
const known = Array.from({ length: KNOWN }, (_, i) => `task/fb-k${i}`);
let calmDoc: Y.Doc;
/** Round trips so far, across attempts: each has its own ref and comment id. */
let trips = 0;

beforeAll(async () => {
  server = await new TestServer().start();
  const office = await server.peer('vanphong');
  for (const [i, docId] of known.entries()) {
    const doc = newTask(docId.slice('task/'.length));
    if (i === 0) calmDoc = copyOf(doc);
    office.send({ type: 'sync', docId, ref: i + 1, payload: syncUpdate(Y.encodeStateAsUpdate(doc)) });
  }
  await office.collect(isAck, KNOWN);
  office.close();
});
afterAll(async () => {
  await server.stop();
});

/** A subscribe frame naming `unknown` docs that do not exist and `knownCount` that do (each with an empty state vector). */
function subscribe(tag: string, unknown: number, knownCount: number): Uint8Array {
  const docs = [
    ...Array.from({ length: unknown }, (_, i) => ({ docId: `task/nx-${tag}-${i}`, stateVector: EMPTY_SV })),
    ...Array.from({ length: knownCount }, (_, i) => ({ docId: known[i % KNOWN] as string, stateVector: EMPTY_SV })),
  ];
  return encodeMessage({ type: 'subscribe', docs });
}

/** Every frame type the relay reads, in bulk: reads of unknown and known docs, refused writes, awareness. */
function floodTicks(): Uint8Array[][] {
  const awareness = writeAwarenessPayload([{ clientId: 777, clock: 1, stateJson: '{"user":{"name":"X"}}' }]);
  return Array.from({ length: TICKS }, (_, t) => {
    const frames: Uint8Array[] = [];
    // The frame that once stalled the relay for seconds, and a second large one halfway.
    if (t === 0) frames.push(subscribe('huge', 90_000, 0));
    if (t === TICKS / 2) frames.push(subscribe('large', 29_800, KNOWN));
    frames.push(subscribe(`t${t}`, 900, 100));
    frames.push(encodeMessage({ type: 'hello', cursor: 0 }));
    for (let i = 0; i < 5; i++) {
      const step1 = syncStep1(EMPTY_SV);
      frames.push(encodeMessage({ type: 'sync', docId: known[(t * 5 + i) % KNOWN] as string, ref: 0, payload: step1 }));
      frames.push(encodeMessage({ type: 'sync', docId: `task/ns-${t}-${i}`, ref: 0, payload: step1 }));
      // Writes the worker refuses (undecodable), to docs that do not exist.
      const garbage = syncUpdate(new Uint8Array([9, 9, 9, 9, 9, 9, 9, 9]));
      frames.push(encodeMessage({ type: 'sync', docId: `task/nw-${t}-${i}`, ref: t * 10 + i + 1, payload: garbage }));
      frames.push(encodeMessage({ type: 'awareness', docId: `task/na-${t}-${i}`, payload: awareness }));
      frames.push(encodeMessage({ type: 'awareness', docId: known[i] as string, payload: awareness }));
    }
    return frames;
  });
}

/**
 * One round trip of a well-behaved device: a small write until its ack, or a sync step 1 until
 * its step 2. Timed from when it was due, not from when it could be sent: a stalled relay
 * delays every round trip due meanwhile, and each of them counts.
 */
async function roundTrip(peer: TestPeer, doc: Y.Doc, dueAt: number): Promise<number> {
  const n = trips++;
  if (n % 2 === 0) {
    const ref = n + 1;
    const change = changeOf(doc, (d) =>
      addTaskComment(d, { id: `c${n}`, by: 'u-benthanh', at: Date.now(), text: 'Đã nhận' }),
    );
    peer.send({ type: 'sync', docId: 'task/fb-k0', ref, payload: syncUpdate(change) });
    const answer = await peer.next(
      (m: Message): m is Message => (isAck(m) && m.refs.includes(ref)) || (m.type === 'error' && m.ref === ref),
      20_000,
    );
    if (answer.type !== 'ack') throw new Error(`write refused: ${JSON.stringify(answer)}`);
  } else {
    const ref = 1_000_000 + n;
    peer.send({ type: 'sync', docId: 'task/fb-k0', ref, payload: syncStep1(Y.encodeStateVector(doc)) });
    await peer.next((m: Message): m is Extract<Message, { type: 'sync' }> => isSync(m) && m.ref === ref, 20_000);
  }
  return performance.now() - dueAt;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
}

it('refuses a subscribe frame over the cap whole, with too_large, and carries on', async () => {
  const peer = await server.peer('vanphong');
  peer.sendRaw(subscribe('over', MAX_SUBSCRIBE_DOCS + 1, 0));
  expect(await peer.next(isError)).toMatchObject({ docId: '', ref: 0, code: 'too_large' });
  peer.sendRaw(subscribe('at', MAX_SUBSCRIBE_DOCS - 1, 1));
  expect(await peer.next(isSync)).toMatchObject({ docId: known[0] });
  const errors = await peer.collect(isError, MAX_SUBSCRIBE_DOCS - 1);
  expect(new Set(errors.map((e) => e.code))).toEqual(new Set(['not_found']));
  peer.close();
});

it('charges a subscribe per doc it names: past the read burst the docs wait their turn, none refused', async () => {
  const { readBurst, readsPerSecond } = server.app.context.services.limits;
  const peer = await server.peer('vanphong');
  const frames = Math.ceil((readBurst + readsPerSecond / 2) / MAX_SUBSCRIBE_DOCS);
  const start = performance.now();
  for (let f = 0; f < frames; f++) peer.sendRaw(subscribe(`w${f}`, 0, MAX_SUBSCRIBE_DOCS));
  await peer.collect(isSync, frames * MAX_SUBSCRIBE_DOCS);
  const elapsed = performance.now() - start;
  // Every doc past the burst costs 1 / readsPerSecond of a second.
  expect(elapsed).toBeGreaterThanOrEqual(((frames * MAX_SUBSCRIBE_DOCS - readBurst) / readsPerSecond) * 1000 * 0.9);
  expect(peer.received.filter(isError)).toEqual([]);
  peer.close();
});

interface FloodFigures {
  /** The calm connection's round trips, in ms. */
  readonly times: number[];
  readonly heapGrowth: number;
  readonly heapPeak: number;
  /** Records of docs that are not stored, while the flood's backlog is still waiting, and after it closed. */
  readonly absent: number;
  readonly absentAfterClose: number;
  readonly floodSeconds: number;
  readonly report: FloodReport;
}

/** Floods from one connection while a calm one does round trips; everything is closed whatever happens. */
async function measureFlood(): Promise<FloodFigures> {
  const ticks = floodTicks();
  const cookie = await server.signIn('vanphong');
  const calm = await server.peer('benthanh');
  let flood: FloodPeer | null = null;
  let sampler: ReturnType<typeof setInterval> | undefined;
  try {
    // Warm up the calm connection's doc (loaded in the worker, record in memory) before measuring.
    for (let n = 0; n < 10; n++) await roundTrip(calm, calmDoc, performance.now());
    calm.received.length = 0;

    const heapBefore = heapUsed();
    let heapPeak = heapBefore;
    sampler = setInterval(() => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }, 20);
    flood = new FloodPeer({ url: server.wsUrl, cookie, ticks, tickMs: TICK_MS });
    await flood.opened();
    const floodStart = performance.now();
    let sentAt = Number.POSITIVE_INFINITY;
    void flood.sent().then(() => {
      sentAt = performance.now();
    });
    // A round trip is due every INTERVAL_MS until a second after the last flood frame went out.
    const measured: Promise<number>[] = [];
    while (performance.now() < sentAt + 1000) {
      while (floodStart + measured.length * INTERVAL_MS <= performance.now()) {
        measured.push(roundTrip(calm, calmDoc, floodStart + measured.length * INTERVAL_MS));
      }
      await sleep(5);
    }
    const times = await Promise.all(measured);
    clearInterval(sampler);
    const heapGrowth = heapUsed() - heapBefore;
    const absent = server.app.context.records.absent;
    const floodSeconds = (performance.now() - floodStart) / 1000;
    const report = await flood.close();
    flood = null;
    await server.app.context.hub.drain();
    const absentAfterClose = server.app.context.records.absent;
    return { times, heapGrowth, heapPeak: heapPeak - heapBefore, absent, absentAfterClose, floodSeconds, report };
  } finally {
    clearInterval(sampler);
    await flood?.close();
    calm.close();
  }
}

// Retried: on a shared 2-core machine another process can stall this one for longer than the
// bound (a calm connection alone, no flood, was seen at p99 240 ms under such load). The relay
// before the read budget failed by far on every run: p99 4.7 s, heap peak +485 MB, 19,900
// records of absent docs.
it('keeps a calm connection responsive and the heap bounded while another floods every frame type', {
  retry: 2,
}, async () => {
  const { times, heapGrowth, heapPeak, absent, absentAfterClose, floodSeconds, report } = await measureFlood();
  const p99 = percentile(times, 0.99);
  console.log(
    `frame budget: ${times.length} round trips, p50 ${percentile(times, 0.5).toFixed(1)} ms, ` +
      `p99 ${p99.toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms; heap +${mb(heapGrowth)} MB ` +
      `(peak +${mb(heapPeak)} MB); records of absent docs ${absent} (after close ${absentAfterClose}); ` +
      `flood ${JSON.stringify(report)}`,
  );
  expect(p99).toBeLessThan(100);
  expect(heapPeak).toBeLessThan(100 * 2 ** 20);
  expect(heapGrowth).toBeLessThan(50 * 2 ** 20);
  expect(absent).toBe(0);
  expect(absentAfterClose).toBe(0);

  // The flood was served, within its budget: the oversized frames refused whole, the backlog
  // past its cap refused, and no more docs read than the read budget allows in the time.
  const { helloReads, readBurst, readsPerSecond } = server.app.context.services.limits;
  const got = (key: string) => report.received[key] ?? 0;
  expect(got('error:too_large')).toBe(2);
  expect(got('error:rate_limited')).toBeGreaterThan(0);
  expect(got('sync')).toBeGreaterThan(100);
  expect(got('error:not_found')).toBeGreaterThan(1000);
  // Besides reads: not_found for awareness on unknown docs, the calm device's writes relayed.
  const notReads = TICKS * 5 + times.length;
  const reads = got('sync') + got('error:not_found') + got('manifest') * helloReads - notReads;
  expect(reads).toBeLessThanOrEqual(readBurst + readsPerSecond * floodSeconds);
  expect(report.closeCode).not.toBe(1008);
});
