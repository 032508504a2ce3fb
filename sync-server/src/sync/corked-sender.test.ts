import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { CorkedSender } from './corked-sender.ts';

const servers: WebSocketServer[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function pair(): Promise<{ server: WebSocket; client: WebSocket; received: Buffer[] }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
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
