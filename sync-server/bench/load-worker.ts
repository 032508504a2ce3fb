// One load process: opens its clients' sockets, syncs, then has its writers stream updates and
// times each delivery. Driven over IPC by relay-bench.ts. Every loop is bounded in count and time.
import {
  appendToLog,
  decodeMessage,
  encodeMessage,
  PACKED_PARAM,
  readSyncPayload,
  syncStep1,
  syncUpdate,
} from '@thongsuot/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { plainFrame } from '../src/testing/plain-frame.ts';
import {
  BENCH_AT,
  convIdOf,
  docIndex,
  docName,
  logTemplate,
  subscriptions,
  tokenOf,
  userId,
  type Workload,
} from './bench-workload.ts';

interface Start {
  readonly target: string;
  readonly port: number;
  /** Several nodes (bench:cluster): client c connects to ports[c % ports.length]. */
  readonly ports?: readonly number[];
  readonly host: string;
  readonly worker: number;
  readonly workload: Workload;
}

type Deliver = (docId: string, update: Uint8Array, client: number) => void;

/** Opens one client's sockets for its docs; resolves once every doc has had its sync step 2. */
interface Client {
  ready: Promise<void>;
  send(docId: string, update: Uint8Array): void;
  close(): void;
}

let localAddress = '127.0.0.1';

/**
 * BENCH_DEFLATE=1: the clients offer `permessage-deflate` as every browser does, and compress what
 * they send (ws, like Chromium, compresses every message then). Off by default: the peers' servers
 * do not take the offer, ours does, so only ours pays for it.
 */
const DEFLATE = process.env.BENCH_DEFLATE === '1';

/** Each load process connects from its own loopback address, so ephemeral ports do not run out. */
function open(url: string, headers: Record<string, string> = {}): WebSocket {
  const socket = new WebSocket(url, { headers, perMessageDeflate: DEFLATE, localAddress });
  socket.on('error', (error) => console.error(`socket error: ${String(error)}`));
  socket.binaryType = 'nodebuffer';
  return socket;
}

function frame(parts: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  parts(e);
  return encoding.toUint8Array(e);
}

const EMPTY_SV = new Uint8Array([0]);

/** y-websocket framing: message type, then the y-protocols message. */
const yWebsocketFrame = (type: number, body: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, type);
    encoding.writeUint8Array(e, body);
  });

/** Hocuspocus framing: document name, message type, then the rest. */
const hocuspocusFrame = (docId: string, type: number, rest: (e: encoding.Encoder) => void) =>
  frame((e) => {
    encoding.writeVarString(e, docId);
    encoding.writeVarUint(e, type);
    rest(e);
  });

function thongsuotClient(
  s: Start,
  c: number,
  docs: string[],
  deliver: Deliver,
  onState: (d: string, u: Uint8Array) => void,
): Client {
  const user = userId(s.worker, c);
  const port = s.ports ? (s.ports[c % s.ports.length] as number) : s.port;
  const socket = open(`ws://127.0.0.1:${port}/sync?${PACKED_PARAM}=1`, { authorization: `Bearer ${tokenOf(user)}` });
  let pending = docs.length;
  let done!: () => void;
  const ready = new Promise<void>((r) => {
    done = r;
  });
  let ref = 0;
  socket.on('open', () =>
    socket.send(encodeMessage({ type: 'subscribe', docs: docs.map((docId) => ({ docId, stateVector: EMPTY_SV })) })),
  );
  socket.on('message', (data: Buffer) => {
    const m = decodeMessage(plainFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    if (m.type !== 'sync') return;
    const p = readSyncPayload(m.payload);
    if (p.kind === 'step1') return;
    if (pending > 0 && m.ref === 0 && p.kind === 'step2') {
      onState(m.docId, p.update);
      if (--pending === 0) done();
      return;
    }
    deliver(m.docId, p.update, c);
  });
  return {
    ready,
    send: (docId, update) =>
      socket.send(encodeMessage({ type: 'sync', docId, ref: ++ref, payload: syncUpdate(update) })),
    close: () => socket.close(),
  };
}

function yWebsocketClient(s: Start, c: number, docs: string[], deliver: Deliver): Client {
  const sockets = new Map<string, WebSocket>();
  const ready = Promise.all(
    docs.map(
      (docId) =>
        new Promise<void>((resolve) => {
          const socket = open(`ws://127.0.0.1:${s.port}/${docId}`);
          sockets.set(docId, socket);
          let synced = false;
          socket.on('open', () => socket.send(yWebsocketFrame(0, syncStep1(EMPTY_SV))));
          socket.on('message', (data: Buffer) => {
            const d = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
            if (decoding.readVarUint(d) !== 0) return;
            const p = readSyncPayload(decoding.readTailAsUint8Array(d));
            if (p.kind === 'step2' && !synced) {
              synced = true;
              resolve();
            } else if (p.kind === 'update') deliver(docId, p.update, c);
          });
        }),
    ),
  ).then(() => {});
  return {
    ready,
    send: (docId, update) => sockets.get(docId)?.send(yWebsocketFrame(0, syncUpdate(update))),
    close: () => {
      for (const socket of sockets.values()) socket.close();
    },
  };
}

function hocuspocusClient(s: Start, c: number, docs: string[], deliver: Deliver): Client {
  const socket = open(`ws://127.0.0.1:${s.port}/`);
  const synced = new Set<string>();
  let done!: () => void;
  const ready = new Promise<void>((r) => {
    done = r;
  });
  socket.on('open', () => {
    for (const docId of docs) {
      socket.send(
        hocuspocusFrame(docId, 2, (e) => {
          encoding.writeVarUint(e, 0);
          encoding.writeVarString(e, 't');
        }),
      );
      socket.send(hocuspocusFrame(docId, 0, (e) => encoding.writeUint8Array(e, syncStep1(EMPTY_SV))));
    }
  });
  socket.on('message', (data: Buffer) => {
    const d = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    const docId = decoding.readVarString(d);
    const type = decoding.readVarUint(d);
    if (type !== 0 && type !== 4) return;
    const p = readSyncPayload(decoding.readTailAsUint8Array(d));
    if (p.kind === 'step2') {
      if (!synced.has(docId)) {
        synced.add(docId);
        if (synced.size === docs.length) done();
      }
    } else if (p.kind === 'update') deliver(docId, p.update, c);
  });
  return {
    ready,
    send: (docId, update) =>
      socket.send(hocuspocusFrame(docId, 0, (e) => encoding.writeUint8Array(e, syncUpdate(update)))),
    close: () => socket.close(),
  };
}

async function run(s: Start): Promise<void> {
  const w = s.workload;
  localAddress = s.host;
  const inFlight = new Map<string, { sent: number; left: number; writer: number }>();
  const latencies: number[] = [];
  /** bench:cluster: deliveries to a client on the writer's node, and on another node. */
  const within: number[] = [];
  const across: number[] = [];
  const nodes = s.ports?.length ?? 1;
  let completed = 0;
  let measuring = false;
  const writerDocs = new Map<
    number,
    { docs: { docId: string; doc: Y.Doc }[]; next: number; inFlight: number; n: number }
  >();
  const states = new Map<string, Uint8Array>();
  const subscribersOf = new Map<string, number>();
  const clientDocs = Array.from({ length: w.clients }, (_, c) => subscriptions(w, c).map((g) => docName(s.worker, g)));
  for (const docs of clientDocs) for (const d of docs) subscribersOf.set(d, (subscribersOf.get(d) ?? 0) + 1);

  const deliver: Deliver = (docId, update, client) => {
    const meta = Y.parseUpdateMeta(update);
    for (const [clientId, clock] of meta.to) {
      const key = `${docId}|${clientId}:${clock}`;
      const entry = inFlight.get(key);
      if (!entry || entry.writer === client) continue;
      if (measuring) {
        const ms = performance.now() - entry.sent;
        latencies.push(ms);
        (entry.writer % nodes === client % nodes ? within : across).push(ms);
      }
      if (--entry.left > 0) continue;
      inFlight.delete(key);
      const writer = writerDocs.get(entry.writer);
      if (writer) writer.inFlight--;
      if (measuring) completed++;
      pump(entry.writer);
    }
  };
  const make = s.target.startsWith('thongsuot')
    ? thongsuotClient
    : s.target === 'hocuspocus'
      ? hocuspocusClient
      : yWebsocketClient;
  const started = performance.now();
  const clients: Client[] = [];
  // Connect in slices so the listen backlog is not the thing being measured.
  for (let c = 0; c < w.clients; c++) {
    clients.push(make(s, c, clientDocs[c] as string[], deliver, (d, u) => states.set(d, u)));
    if (c % 200 === 199) await Promise.all(clients.slice(c - 199).map((x) => x.ready));
  }
  await Promise.all(clients.map((x) => x.ready));
  const connectMs = performance.now() - started;
  process.send?.({ phase: 'synced', connectMs });

  // Writers: client i writes to each of its docs in turn, from the same starting conversation
  // everywhere, so no doc grows much faster than the city's would.
  for (let i = 0; i < Math.min(w.writers, w.clients); i++) {
    const docs = (clientDocs[i] as string[]).map((docId) => {
      const doc = logTemplate(w, s.worker, docIndex(docId));
      doc.clientID = 1000 + i;
      if (!s.target.startsWith('thongsuot')) clients[i]?.send(docId, Y.encodeStateAsUpdate(doc));
      return { docId, doc };
    });
    writerDocs.set(i, { docs, next: 0, inFlight: 0, n: 0 });
  }
  const members = (docId: string) => (subscribersOf.get(docId) ?? 1) - 1;
  const deadline = { at: Number.POSITIVE_INFINITY };
  function pump(i: number): void {
    const wd = writerDocs.get(i);
    if (!wd || performance.now() > deadline.at) return;
    while (wd.inFlight < w.window) {
      const target = wd.docs[wd.next++ % wd.docs.length];
      if (!target) return;
      const { docId, doc } = target;
      const before = Y.encodeStateVector(doc);
      const by = userId(s.worker, i);
      appendToLog(doc, convIdOf(docId), {
        id: `m${i}-${wd.n++}`,
        by,
        at: BENCH_AT + wd.n,
        text: 'Đã nhận, đang triển khai',
      });
      const update = Y.encodeStateAsUpdate(doc, before);
      const key = `${docId}|${doc.clientID}:${Y.getState(doc.store, doc.clientID)}`;
      inFlight.set(key, { sent: performance.now(), left: members(docId), writer: i });
      wd.inFlight++;
      clients[i]?.send(docId, update);
    }
  }
  await new Promise((r) => setTimeout(r, 300));
  measuring = true;
  const t0 = performance.now();
  deadline.at = t0 + w.seconds * 1000;
  for (const i of writerDocs.keys()) pump(i);
  await new Promise((r) => setTimeout(r, w.seconds * 1000));
  measuring = false;
  const elapsed = (performance.now() - t0) / 1000;
  for (const list of [latencies, within, across]) list.sort((a, b) => a - b);
  const pick = (list: number[], q: number) =>
    list[Math.min(list.length - 1, Math.floor(q * list.length))] ?? Number.NaN;
  process.send?.({
    phase: 'done',
    updatesPerSecond: completed / elapsed,
    deliveries: latencies.length,
    p50: pick(latencies, 0.5),
    p99: pick(latencies, 0.99),
    within: { p50: pick(within, 0.5), p99: pick(within, 0.99), n: within.length },
    across: { p50: pick(across, 0.5), p99: pick(across, 0.99), n: across.length },
  });
  for (const c of clients) c.close();
  setTimeout(() => process.exit(0), 200);
}

process.once('message', (s: Start) => {
  void run(s);
});
