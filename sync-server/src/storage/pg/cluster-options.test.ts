import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../../testing/free-port.ts';
import { killRedis, startRedis } from '../../testing/redis-server.ts';
import { watched } from './cluster-options.ts';

// A node's Redis connections retry by themselves while Redis is away; the operators are told once
// that it is gone and once that it is back, not at every retry (docs/operations.md).
let redis: ChildProcess | null = null;
const clients: Redis[] = [];
afterAll(async () => {
  for (const client of clients) client.disconnect();
  if (redis) await killRedis(redis);
});

it('tells once that Redis is lost and once that it is back, however many retries in between', async () => {
  const port = await freePort();
  redis = await startRedis(port);
  const told: string[] = [];
  const client = watched(
    new Redis(`redis://127.0.0.1:${port}`, { retryStrategy: () => 20, maxRetriesPerRequest: null }),
    'fan-out publisher',
    (role, state, error) => told.push(`${role} ${state}${error ? ` ${error.message.split(' ')[0]}` : ''}`),
  );
  clients.push(client);
  let errors = 0;
  client.on('error', () => errors++);
  await expect.poll(() => client.status).toBe('ready');
  expect(told).toEqual([]);

  await killRedis(redis);
  // Retried every 20 ms: many errors, one report.
  await expect.poll(() => errors, { timeout: 10_000 }).toBeGreaterThan(5);
  expect(told).toEqual(['fan-out publisher lost connect']);

  redis = await startRedis(port);
  await expect.poll(() => told.length, { timeout: 10_000 }).toBe(2);
  expect(told[1]).toBe('fan-out publisher back');
  expect(await client.ping()).toBe('PONG');
});
