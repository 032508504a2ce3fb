// A worker process for `pnpm bench:tasks`: holds the sync sockets of many leaders (plain `ws`
// clients speaking the multiplexed protocol of shared/protocol) and records when each first
// hears of each benchmark directive. Times are `performance.timeOrigin + performance.now()`,
// comparable across processes on one machine.
import { decodeMessage, encodeMessage } from '@thongsuot/shared';
import WebSocket from 'ws';
import { plainFrame } from '../../sync-server/src/testing/plain-frame.ts';

interface Start {
  readonly type: 'start';
  readonly url: string;
  readonly cookies: readonly string[];
  readonly prefix: string;
}
type Command =
  | Start
  | { readonly type: 'expect'; readonly docId: string; readonly count: number }
  | { readonly type: 'results' }
  | { readonly type: 'stop' };

const now = (): number => performance.timeOrigin + performance.now();
/** docId -> arrival time per receiver index */
const arrivals = new Map<string, Map<number, number>>();
const sockets: WebSocket[] = [];
/** How many receivers each directive goes to (told by the parent before it sends it). */
const expected = new Map<string, number>();

function connect(url: string, cookie: string, index: number, prefix: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { cookie } });
    socket.binaryType = 'nodebuffer';
    sockets.push(socket);
    socket.on('error', reject);
    socket.on('open', () => socket.send(encodeMessage({ type: 'hello', cursor: 0 })));
    socket.on('message', (data: Buffer) => {
      const at = now();
      const message = decodeMessage(plainFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
      if (message.type === 'manifest') resolve();
      if (message.type !== 'sync' || !message.docId.startsWith(prefix)) return;
      const seen = arrivals.get(message.docId) ?? new Map<number, number>();
      arrivals.set(message.docId, seen);
      if (seen.has(index)) return;
      seen.set(index, at);
      if (seen.size === expected.get(message.docId)) process.send?.({ type: 'complete', docId: message.docId });
    });
  });
}

process.on('message', async (command: Command) => {
  if (command.type === 'start') {
    await Promise.all(command.cookies.map((c, i) => connect(command.url, c, i, command.prefix)));
    process.send?.({ type: 'ready', connected: sockets.length });
  } else if (command.type === 'expect') {
    expected.set(command.docId, command.count);
    process.send?.({ type: 'expecting', docId: command.docId });
  } else if (command.type === 'results') {
    const out: Record<string, number[]> = {};
    for (const [docId, seen] of arrivals) out[docId] = [...seen.values()];
    process.send?.({ type: 'results', arrivals: out });
  } else {
    for (const s of sockets) s.close();
    process.exit(0);
  }
});
process.send?.({ type: 'booted' });
