// What a frame costs the relay's process, by how it is compressed: `pnpm bench:frames`
// (docs/benchmarks.md "What a browser's frame costs the relay"). A ws server with the relay's
// socket options of before (permessage-deflate taken) and of now (not taken; large frames
// packed by the relay) receives and sends frames to a client in another process, in one run.
// CPU is the server process's own (user + system, every thread), over the frames alone.
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { appendToLog, PACK_MIN_BYTES } from '@thongsuot/shared';
import WebSocket, { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { SOCKET_OPTIONS } from '../src/plugins/sync-socket.ts';
import { CorkedSender } from '../src/sync/corked-sender.ts';

const FRAMES = Number(process.env.BENCH_FRAMES ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** The relay's options until 2026-12-02: permessage-deflate taken, ws's threshold of 1 KB. */
const BEFORE = {
  maxPayload: SOCKET_OPTIONS.maxPayload,
  perMessageDeflate: {
    threshold: PACK_MIN_BYTES,
    serverMaxWindowBits: 13,
    clientMaxWindowBits: 13,
    zlibDeflateOptions: { memLevel: 6, level: 6 },
  },
};

/** A live edit's frame (a message of a conversation, ~120 bytes), and a doc's state on a first sync. */
const edit = (i: number) => new Uint8Array(120).map((_, j) => (i * 7 + j * 13) % 251);
const WORDS =
  'báo cáo tiến độ triển khai kế hoạch phường xã đã nhận văn bản chỉ đạo của ủy ban nhân dân thành phố về việc hoàn thành trước ngày họp giao ban tuần sau đề nghị các đơn vị phối hợp'.split(
    ' ',
  );
/** A month's log of a case group (~60 KB): messages of ten people, words drawn by a seeded generator. */
function state(i: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = 1;
  let x = i + 1;
  const next = () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x >> 8;
  };
  const at = Date.UTC(2026, 10, 1);
  for (let m = 0; m < 400; m++) {
    const text = Array.from({ length: 6 + (next() % 20) }, () => WORDS[next() % WORDS.length]).join(' ');
    appendToLog(doc, 'c1', { id: `m${i}-${m}`, by: `u${next() % 10}`, at: at + m * 60_000, text });
  }
  return Y.encodeStateAsUpdate(doc);
}

/** Sockets a client process holds open for the memory row. */
const IDLE = Number(process.env.BENCH_IDLE ?? 500);

if (process.argv[2] === 'idle') {
  // Many devices after their first sync: each got one doc's state and sent three edits.
  const port = process.argv[3];
  let ready = 0;
  const sockets: WebSocket[] = [];
  for (let c = 0; c < IDLE; c++) {
    const socket = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: true });
    sockets.push(socket);
    socket.on('open', () => {
      for (let i = 0; i < 3; i++) socket.send(edit(c + i));
    });
    socket.once('message', () => {
      if (++ready === IDLE) process.send?.({ ready });
    });
  }
} else if (process.argv[2] === 'idle-server') {
  // A fresh process per measurement: resident memory left over from other runs would blur it.
  process.send?.({ perConnection: await idleMemory(process.argv[3] as 'before' | 'now') });
} else if (process.argv[2] === 'client') {
  // The browser's side: offers compression as every browser does (ws then compresses all it sends).
  const [port, what, count] = [process.argv[3], process.argv[4], Number(process.argv[5])];
  const socket = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: true });
  let bytes = 0;
  socket.on('open', async () => {
    const raw = (socket as unknown as { _socket: import('node:net').Socket })._socket;
    raw.on('data', (chunk: Buffer) => {
      bytes += chunk.byteLength;
    });
    if (what !== 'send') return;
    for (let i = 0; i < count; i++) {
      socket.send(edit(i));
      if (i % 200 === 199) await new Promise((r) => setImmediate(r));
    }
  });
  let got = 0;
  socket.on('message', () => {
    if (++got === count) process.send?.({ bytes });
  });
} else {
  await main();
}

interface Row {
  readonly what: string;
  readonly options: 'before' | 'now';
  readonly cpuUs: number;
  readonly wireBytes: number;
}

async function measure(what: 'receive' | 'send-edits' | 'send-states', options: 'before' | 'now'): Promise<Row> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', ...(options === 'before' ? BEFORE : SOCKET_OPTIONS) });
  await new Promise((r) => wss.once('listening', r));
  const count = what === 'send-states' ? Math.max(50, FRAMES / 400) : FRAMES;
  const port = (wss.address() as AddressInfo).port;
  const child = fork(
    fileURLToPath(import.meta.url),
    ['client', String(port), what === 'receive' ? 'send' : 'receive', String(count)],
    {
      execArgv: ['--import', 'tsx'],
    },
  );
  const ws = await new Promise<WebSocket>((r) => wss.once('connection', (socket) => r(socket)));
  const states = what === 'send-states' ? Array.from({ length: count }, (_, i) => state(i)) : [];
  const start = process.cpuUsage();
  let wireBytes = 0;
  if (what === 'receive') {
    let got = 0;
    await new Promise<void>((resolve) =>
      ws.on('message', () => {
        if (++got === count) resolve();
      }),
    );
  } else {
    const done = new Promise<void>((resolve) =>
      child.on('message', (m: { bytes: number }) => {
        wireBytes = m.bytes;
        resolve();
      }),
    );
    // Before: ws.send, as the relay did (ws compressed every frame). Now: the relay's sender.
    const sender = new CorkedSender(ws);
    for (let i = 0; i < count; i++) {
      const frame = what === 'send-edits' ? edit(i) : (states[i] as Uint8Array);
      if (options === 'before') ws.send(frame);
      else sender.send(frame);
      if (i % 200 === 199) await new Promise((r) => setImmediate(r));
    }
    await done;
  }
  const cpu = process.cpuUsage(start);
  child.kill();
  wss.close();
  return { what, options, cpuUs: (cpu.user + cpu.system) / count, wireBytes: wireBytes / count };
}

/** The server's resident memory per connection once many devices have synced and gone quiet. */
async function idleMemory(options: 'before' | 'now'): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', ...(options === 'before' ? BEFORE : SOCKET_OPTIONS) });
  await new Promise((r) => wss.once('listening', r));
  const doc = state(1);
  gc?.();
  const before = process.memoryUsage().rss;
  let edits = 0;
  const allEdits = new Promise<void>((resolve) =>
    wss.on('connection', (ws) => {
      if (options === 'before') ws.send(Uint8Array.from(doc));
      else new CorkedSender(ws).send(Uint8Array.from(doc));
      ws.on('message', () => {
        if (++edits === 3 * IDLE) resolve();
      });
    }),
  );
  const child = fork(fileURLToPath(import.meta.url), ['idle', String((wss.address() as AddressInfo).port)], {
    execArgv: ['--import', 'tsx'],
  });
  await Promise.all([allEdits, new Promise((r) => child.once('message', r))]);
  gc?.();
  const perConnection = (process.memoryUsage().rss - before) / IDLE;
  child.kill();
  for (const ws of wss.clients) ws.terminate();
  wss.close();
  return perConnection;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const what of ['receive', 'send-edits', 'send-states'] as const) {
      for (const options of ['before', 'now'] as const) rows.push(await measure(what, options));
    }
  }
  const label = {
    receive: 'a write received (120 B, from a client that offers compression)',
    'send-edits': 'a live edit sent (120 B)',
    'send-states': "a doc's state sent (a month's log of a case group)",
  };
  console.log(`\nframes: ${FRAMES} (states: ${Math.max(50, FRAMES / 400)}), rounds: ${ROUNDS}; median of the rounds\n`);
  console.log('| frame | before: CPU µs / frame | now | before / now | before: bytes on the wire | now |');
  console.log('|---|---:|---:|---:|---:|---:|');
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN;
  for (const what of ['receive', 'send-edits', 'send-states'] as const) {
    const of = (o: 'before' | 'now') => rows.filter((r) => r.what === what && r.options === o);
    const [b, n] = [median(of('before').map((r) => r.cpuUs)), median(of('now').map((r) => r.cpuUs))];
    const [bb, nb] = [median(of('before').map((r) => r.wireBytes)), median(of('now').map((r) => r.wireBytes))];
    const bytes = (x: number) => (what === 'receive' ? '—' : x.toFixed(0));
    console.log(
      `| ${label[what]} | ${b.toFixed(1)} | ${n.toFixed(1)} | ${(b / n).toFixed(1)}× | ${bytes(bb)} | ${bytes(nb)} |`,
    );
  }
  const memory = { before: [] as number[], now: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const options of ['before', 'now'] as const) {
      const server = fork(fileURLToPath(import.meta.url), ['idle-server', options], {
        execArgv: ['--expose-gc', '--import', 'tsx'],
      });
      const { perConnection } = await new Promise<{ perConnection: number }>((r) => server.once('message', r));
      memory[options].push(perConnection);
      server.kill();
    }
  }
  const [mb, mn] = [median(memory.before), median(memory.now)];
  console.log(
    `\nserver RSS per connection, ${IDLE} devices after a first sync (one doc's state down, three edits up), median of ${ROUNDS}:`,
  );
  console.log(`before ${(mb / 1024).toFixed(1)} KB, now ${(mn / 1024).toFixed(1)} KB (${(mb / mn).toFixed(1)}×)`);
  process.exit(0);
}
