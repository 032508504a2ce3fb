import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { SOCKET_OPTIONS } from '../plugins/sync-socket.ts';
import { COMPRESS_MIN_BYTES, CorkedSender } from './corked-sender.ts';

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

it('compresses only frames of 1 KB and more for a device that took permessage-deflate, as browsers do', async () => {
  // The relay's own socket options; the client offers compression as ws and browsers do by default.
  const { server, client, received } = await pair(SOCKET_OPTIONS);
  const deflate = (client as unknown as { _extensions: Record<string, { decompress: (...a: unknown[]) => void }> })
    ._extensions['permessage-deflate'];
  expect(deflate).toBeDefined();
  let inflated = 0;
  const decompress = deflate?.decompress.bind(deflate);
  if (deflate && decompress) {
    deflate.decompress = (...args: unknown[]) => {
      inflated++;
      decompress(...args);
    };
  }
  const sender = new CorkedSender(server);
  // Live edits and acks: small, sent as they are (ws alone deflated each one: the connection keeps
  // its compression context, and ws applies its threshold only without one).
  for (let i = 0; i < 50; i++) sender.send(new Uint8Array(120).fill(i));
  while (received.length < 50) await once(client, 'message');
  expect(inflated).toBe(0);
  // A first sync's state or a manifest: compressed.
  const big = new Uint8Array(COMPRESS_MIN_BYTES * 8).fill(7);
  sender.send(big);
  while (received.length < 51) await once(client, 'message');
  expect(inflated).toBe(1);
  expect(received[50]?.equals(Buffer.from(big))).toBe(true);
  expect(received.slice(0, 50).every((b, i) => b.length === 120 && b[0] === i)).toBe(true);
  client.close();
});
