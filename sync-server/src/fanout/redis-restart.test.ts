import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../testing/free-port.ts';
import { killRedis, startRedis } from '../testing/redis-server.ts';
import type { DocEvent } from './fan-out.ts';
import { RedisFanOut } from './redis-fan-out.ts';

/**
 * Redis restarted under two nodes (issue 15): a Redis server of the test's own on a free port,
 * killed and started again. Pub/sub keeps nothing, so what was published while it was down may
 * be lost; each node is told it missed messages (to reload from storage), and everything
 * published after Redis is back reaches both nodes, in order.
 */
let redis: ChildProcess | null = null;
afterAll(() => {
  redis?.kill('SIGKILL');
});

function update(seq: number): DocEvent {
  const readers = ['user:a'] as const;
  return {
    kind: 'update',
    docId: 'conv/x',
    seq,
    update: new Uint8Array([seq]),
    fullState: null,
    readersBefore: [...readers],
    readersAfter: [...readers],
    originId: null,
  };
}

it('tells each node it missed messages when Redis comes back, and delivers everything after', async () => {
  const port = await freePort();
  redis = await startRedis(port);
  const url = `redis://127.0.0.1:${port}`;
  const connect = () => new Redis(url, { retryStrategy: () => 50, maxRetriesPerRequest: null });
  const channel = `thongsuot:test:${randomBytes(4).toString('hex')}`;
  const nodes = [new RedisFanOut(connect(), connect(), channel), new RedisFanOut(connect(), connect(), channel)];
  await Promise.all(nodes.map((n) => n.ready));
  const seen = nodes.map(() => [] as number[]);
  const missed = nodes.map(() => 0);
  nodes.forEach((node, i) => {
    node.subscribe((e) => {
      if (e.kind === 'update') seen[i]?.push(e.seq);
    });
    node.onMissed(() => {
      missed[i] = (missed[i] ?? 0) + 1;
    });
  });
  const settle = async () => {
    for (const [i, from] of nodes.entries()) {
      const token = `${randomBytes(4).toString('hex')}-${i}`;
      const arrived = nodes.map((to) => to.markerSeen(token));
      await from.publishMarker(token);
      await Promise.all(arrived);
    }
  };

  for (let seq = 1; seq <= 10; seq++) nodes[0]?.publish(update(seq));
  await settle();
  expect(seen).toEqual([Array.from({ length: 10 }, (_, i) => i + 1), Array.from({ length: 10 }, (_, i) => i + 1)]);
  expect(missed).toEqual([0, 0]);

  // Redis dies; a node publishes meanwhile; Redis comes back on the same port, empty.
  await killRedis(redis);
  for (let seq = 11; seq <= 15; seq++) nodes[0]?.publish(update(seq));
  redis = await startRedis(port);
  await expect.poll(() => missed, { timeout: 10_000, interval: 50 }).toEqual([1, 1]);

  for (let seq = 16; seq <= 25; seq++) nodes[1]?.publish(update(seq));
  await settle();
  const after = Array.from({ length: 10 }, (_, i) => i + 16);
  for (const mine of seen) {
    // 11–15 may or may not have come through; 16–25 all did, in order, after them.
    expect(mine.filter((s) => s >= 16)).toEqual(after);
    expect(mine.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  }
  for (const node of nodes) await node.close();
}, 30_000);
