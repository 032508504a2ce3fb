// The weak-link proxy of the network bench and the weak-link flows (shaped-link.ts): it must
// never deliver faster than its rate or sooner than its delay, must keep every byte in order,
// and must share one rate between connections, as one radio link does.
import { createHash, randomBytes } from 'node:crypto';
import { connect, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ShapedLink } from './shaped-link.ts';

/** A server that sends `bytes` to whoever connects, then closes, and echoes what it is sent. */
async function sender(bytes: Buffer): Promise<Server> {
  const server = createServer((socket) => {
    socket.on('data', (data) => socket.write(data));
    socket.on('error', () => undefined);
    if (bytes.byteLength > 0) socket.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function portOf(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** Connects through the link and reads to the end; resolves with what came and how long it took. */
function download(port: number): Promise<{ data: Buffer; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1');
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve({ data: Buffer.concat(chunks), ms: performance.now() - started }));
    socket.on('error', reject);
  });
}

const stops: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

describe('ShapedLink', () => {
  it('delivers every byte in order, no faster than its rate', async () => {
    const payload = randomBytes(60_000);
    const server = await sender(payload);
    stops.push(() => void server.close());
    // 400 kbps = 50,000 bytes/s: 60 KB takes at least a second (less the bucket's small burst).
    const link = await new ShapedLink(portOf(server), {
      name: 't',
      downKbps: 400,
      upKbps: 400,
      rttMs: 100,
      loss: 0.05,
    }).start();
    stops.push(() => link.stop());
    const { data, ms } = await download(link.port);
    expect(createHash('sha256').update(data).digest('hex')).toBe(createHash('sha256').update(payload).digest('hex'));
    expect(ms).toBeGreaterThanOrEqual(((60_000 - 4 * 1_460) / 50_000) * 1000 + 50);
    expect(link.bytes.down).toBe(60_000);
  });

  it('shares one rate between its connections', async () => {
    const payload = randomBytes(30_000);
    const server = await sender(payload);
    stops.push(() => void server.close());
    const link = await new ShapedLink(portOf(server), {
      name: 't',
      downKbps: 400,
      upKbps: 400,
      rttMs: 20,
      loss: 0,
    }).start();
    stops.push(() => link.stop());
    const started = performance.now();
    const all = await Promise.all([download(link.port), download(link.port), download(link.port)]);
    // Three 30 KB downloads at once: 90 KB over one 50 KB/s link, not three links.
    expect(performance.now() - started).toBeGreaterThanOrEqual(((90_000 - 4 * 1_460) / 50_000) * 1000);
    for (const { data } of all) expect(data.equals(payload)).toBe(true);
  });

  it('holds a round trip for its delay, and cut() drops what is open', async () => {
    const server = await sender(Buffer.alloc(0));
    stops.push(() => void server.close());
    const link = await new ShapedLink(portOf(server), {
      name: 't',
      downKbps: 20_000,
      upKbps: 20_000,
      rttMs: 300,
      loss: 0,
    }).start();
    stops.push(() => link.stop());
    const socket = connect(link.port, '127.0.0.1');
    await new Promise((resolve) => socket.on('connect', resolve));
    const started = performance.now();
    const echoed = new Promise<Buffer>((resolve) => socket.once('data', resolve));
    socket.write('xin chào');
    expect((await echoed).toString()).toBe('xin chào');
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    const closed = new Promise((resolve) => socket.on('close', resolve));
    link.cut();
    await closed;
    expect(socket.destroyed).toBe(true);
  });
});
