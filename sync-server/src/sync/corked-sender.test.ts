import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { isPackedFrame, PACK_MIN_BYTES } from '@thongsuot/shared';
import { afterEach, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { SOCKET_OPTIONS } from '../plugins/sync-socket.ts';
import { plainFrame } from '../testing/plain-frame.ts';
import { CorkedSender, packFrame } from './corked-sender.ts';

const servers: WebSocketServer[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function pair(
  options: ConstructorParameters<typeof WebSocketServer>[0] = {},
): Promise<{ server: WebSocket; client: WebSocket; received: Buffer[] }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', ...options });
  servers.push(wss);
  await once(wss, 'listening');
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const received: Buffer[] = [];
  client.on('message', (data) => received.push(data as Buffer));
  const [server] = (await once(wss, 'connection')) as [WebSocket];
  await once(client, 'open');
  return { server, client, received };
}

it('delivers frames sent in one turn together, each intact and in order, and more in later turns', async () => {
  const { server, client, received } = await pair();
  const tcp = (server as unknown as { _socket: { writableCorked: number } })._socket;
  const sender = new CorkedSender(server);
  for (let i = 0; i < 200; i++) sender.send(new Uint8Array([i, i + 1, i + 2]));
  // Nothing leaves before the turn ends: the socket is corked.
  expect(tcp.writableCorked).toBeGreaterThan(0);
  await new Promise((resolve) => setImmediate(resolve));
  expect(tcp.writableCorked).toBe(0);
  sender.send(new Uint8Array([255]));
  while (received.length < 201) await once(client, 'message');
  expect(received.slice(0, 200).map((b) => [...b])).toEqual(
    Array.from({ length: 200 }, (_, i) => [i, (i + 1) % 256, (i + 2) % 256]),
  );
  expect([...(received[200] ?? [])]).toEqual([255]);
  client.close();
});

it('sends nothing once the socket is closing', async () => {
  const { server, client, received } = await pair();
  const sender = new CorkedSender(server);
  server.close();
  sender.send(new Uint8Array([1]));
  await once(client, 'close');
  expect(received).toHaveLength(0);
});

it('packs frames of 1 KB and more, sends smaller ones as they are, and keeps their order', async () => {
  // The relay's own socket options; the client offers permessage-deflate, as ws and browsers do.
  const { server, client, received } = await pair(SOCKET_OPTIONS);
  // Not taken: a browser would then compress every frame, and the relay inflate each one.
  expect(client.extensions).toBe('');
  const sender = new CorkedSender(server);
  const big = (n: number) => new Uint8Array(PACK_MIN_BYTES * 8).map((_, i) => (n + (i % 13)) % 256);
  const small = (n: number) => new Uint8Array(120).fill(n);
  const sent = [small(1), big(2), small(3), small(4), big(5), big(6), small(7)];
  for (const frame of sent) sender.send(frame);
  // The frames behind a packing wait for it, and say so for pacing reads.
  expect(sender.queuedBytes).toBeGreaterThan(PACK_MIN_BYTES * 8);
  while (received.length < sent.length) await once(client, 'message');
  expect(received.map((b) => isPackedFrame(b))).toEqual([false, true, false, false, true, true, false]);
  expect(received.map((b) => [...plainFrame(b)])).toEqual(sent.map((f) => [...f]));
  expect(received[1]?.byteLength).toBeLessThan(PACK_MIN_BYTES);
  expect(sender.queuedBytes).toBe(0);
  client.close();
});

it('packs a frame once for every socket it goes to, and sends what does not compress as it is', async () => {
  const shared = new Uint8Array(PACK_MIN_BYTES * 4).fill(9);
  expect(packFrame(shared)).toBe(packFrame(shared));
  const noise = new Uint8Array(PACK_MIN_BYTES * 4);
  let x = 12345;
  for (let i = 0; i < noise.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    noise[i] = x >> 16;
  }
  expect(await packFrame(noise)).toBe(noise);
  expect(isPackedFrame(await packFrame(shared))).toBe(true);
});
