import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { describeFanOutContract } from './fan-out.contract.ts';
import { RedisFanOut } from './redis-fan-out.ts';

/**
 * The Redis fan-out against a real server: the machine's (127.0.0.1:6379, started by
 * scripts/bootstrap.sh) or TEST_REDIS_URL. Each test has its own channel. Without a server these
 * tests fail; they are never skipped.
 */
const URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describeFanOutContract('Redis pub/sub', async () => {
  const channel = `thongsuot:test:${randomBytes(6).toString('hex')}`;
  const node = () => new RedisFanOut(new Redis(URL), new Redis(URL), channel);
  const nodes = [node(), node()] as const;
  await Promise.all(nodes.map((n) => n.ready));
  return {
    nodes,
    // Each node's marker, once seen by every node, follows everything that node published.
    async settle() {
      const token = randomBytes(6).toString('hex');
      await Promise.all(
        nodes.map(async (from, i) => {
          const seen = nodes.map((to) => to.markerSeen(`${token}-${i}`));
          await from.publishMarker(`${token}-${i}`);
          await Promise.all(seen);
        }),
      );
    },
    async dispose() {
      await Promise.all(nodes.map((n) => n.close()));
    },
  };
});
