import { randomBytes } from 'node:crypto';
import { DEMO_PASSWORD } from '@thongsuot/shared';
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../testing/free-port.ts';
import { killRedis, startRedis } from '../testing/redis-server.ts';
import { TestServer } from '../testing/test-server.ts';
import { LIMITS_UNAVAILABLE } from './limit-keys.ts';

// The sign-in limits hold across relay nodes (issue 15, docs/scale-out.md): with a Redis that
// every node counts in, attempts at one name add up whichever node they reach. The machine's
// Redis (scripts/bootstrap.sh) or TEST_REDIS_URL; without one this fails, never skips.
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
const prefix = `thongsuot:test:${randomBytes(4).toString('hex')}:`;
const nodes: TestServer[] = [];

afterAll(async () => {
  for (const node of nodes) await node.stop();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const attempt = (node: TestServer, password: string) =>
  node.app.server.inject({ method: 'POST', url: '/api/session', payload: { username: 'vanphong', password } });

it('counts the attempts at one name on every node together, and refuses past the limit on any of them', async () => {
  for (let n = 0; n < 2; n++) {
    nodes.push(
      await new TestServer({
        sharedLimits: { redis, prefix },
        signInLimits: { perUsername: 4, perAddress: 100 },
      }).start(),
    );
  }
  const [a, b] = nodes as [TestServer, TestServer];
  // Four wrong guesses, two on each node: each is answered, none refused for the limit.
  const guesses = [];
  for (const node of [a, b, a, b]) guesses.push((await attempt(node, 'sai-mat-khau')).statusCode);
  expect(guesses).toEqual([401, 401, 401, 401]);
  // Each node has seen two: alone it would allow two more. Together the name is at its limit.
  const refused = await attempt(b, DEMO_PASSWORD);
  expect(refused.statusCode).toBe(429);
  expect(refused.json().message).toMatch(/thử lại/i);
  expect((await attempt(a, DEMO_PASSWORD)).statusCode).toBe(429);
  // Another name from the same address is not held by it.
  const other = await a.app.server.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username: 'benthanh', password: DEMO_PASSWORD },
  });
  expect(other.statusCode).toBe(200);
}, 60_000);

it('refuses a sign-in with a 503 in Vietnamese while the shared Redis is down, and counts again once it is back', async () => {
  const port = await freePort();
  let server = await startRedis(port);
  const own = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
  own.on('error', () => undefined);
  const node = await new TestServer({ sharedLimits: { redis: own, prefix } }).start();
  nodes.push(node);
  try {
    expect((await attempt(node, DEMO_PASSWORD)).statusCode).toBe(200);
    await killRedis(server);
    // Not counted, so not taken: neither let through nor blamed on the password.
    const refused = await attempt(node, DEMO_PASSWORD);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('30');
    expect(refused.json()).toMatchObject({ error: 'limits_unavailable', message: LIMITS_UNAVAILABLE });
    expect(refused.json().message).toMatch(/thử lại sau ít phút/);
    server = await startRedis(port);
    await expect.poll(async () => (await attempt(node, DEMO_PASSWORD)).statusCode, { timeout: 20_000 }).toBe(200);
  } finally {
    own.disconnect();
    await killRedis(server);
  }
}, 60_000);
