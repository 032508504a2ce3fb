import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { AppOptions } from '../app.ts';
import { RedisFanOut } from '../fanout/redis-fan-out.ts';
import { sharedProjections } from '../storage/pg/cluster-options.ts';
import type { PgOptions } from '../storage/pg/pg-database.ts';
import { migratePg, openPool } from '../storage/pg/pg-database.ts';
import { PgDocStore } from '../storage/pg/pg-doc-store.ts';
import { TestSchemas } from './pg-schemas.ts';
import { TestServer } from './test-server.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Relay nodes sharing one PostgreSQL schema of the test's own and one Redis (channels of their
 * own), as a deployment runs them (docs/scale-out.md): docs, the log of the relay's own records,
 * fan-out and limits. Each node has its own SQLite file. `node(n)` may change a node's options.
 */
export class TestCluster {
  readonly nodes: TestServer[] = [];
  readonly #schemas = new TestSchemas();
  readonly #clients: Redis[] = [];
  schema: PgOptions | null = null;

  redis(): Redis {
    const client = new Redis(REDIS_URL);
    this.#clients.push(client);
    return client;
  }

  /**
   * Starts `count` nodes together: one of them seeds the demo city, the others read it from the log.
   * On the machine's PostgreSQL in a schema of their own, or on `on` (migrated here).
   */
  async start(
    count: number,
    node: (n: number, options: Partial<AppOptions>) => Partial<AppOptions> = (_, o) => o,
    on?: PgOptions,
  ) {
    let schema: PgOptions;
    if (on) {
      await migratePg(on);
      schema = on;
    } else schema = await this.#schemas.fresh();
    this.schema = schema;
    const tag = randomBytes(4).toString('hex');
    const started = await Promise.all(
      Array.from({ length: count }, async (_, n) => {
        const fanOut = new RedisFanOut(this.redis(), this.redis(), `thongsuot:test:docs:${tag}`);
        await fanOut.ready;
        const pool = openPool(schema);
        const store = new PgDocStore(pool, { audit: 'control log' });
        const options: Partial<AppOptions> = {
          wrapDocStore: () => store,
          fanOut,
          sharedLimits: { redis: this.redis(), prefix: `thongsuot:test:limits:${tag}:` },
          sharedRecords: {
            pool: openPool({ ...schema, max: 2 }),
            redis: { publisher: this.redis(), subscriber: this.redis(), channel: `thongsuot:test:control:${tag}` },
          },
          sharedProjections: sharedProjections(pool),
        };
        return new TestServer(node(n, options)).start();
      }),
    );
    this.nodes.push(...started);
    return started;
  }

  async stop(): Promise<void> {
    for (const node of this.nodes.splice(0)) await node.stop();
    for (const client of this.#clients.splice(0)) client.disconnect();
    await this.#schemas.dropAll();
  }
}
