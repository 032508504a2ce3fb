import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { AppOptions } from '../app.ts';
import { clusterOptions } from '../storage/pg/cluster-options.ts';
import type { PgOptions } from '../storage/pg/pg-database.ts';
import { migratePg } from '../storage/pg/pg-database.ts';
import { TestSchemas } from './pg-schemas.ts';
import { TestServer } from './test-server.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Relay nodes sharing one PostgreSQL schema of the test's own and one Redis (channels of their
 * own), as a deployment runs them (docs/scale-out.md, `clusterOptions`): docs, the log of the
 * relay's own records, fan-out, limits and upload locks. Each node has its own SQLite file. `node(n)` may change a node's options.
 */
export class TestCluster {
  readonly nodes: TestServer[] = [];
  readonly #schemas = new TestSchemas();
  readonly #clients: Redis[] = [];
  schema: PgOptions | null = null;

  redis(options: RedisOptions = {}): Redis {
    const client = new Redis(REDIS_URL, options);
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
        // As main.ts runs a node, with channels and keys of this cluster's own.
        const options: Partial<AppOptions> = await clusterOptions({
          databaseUrl: schema.url,
          ...(schema.schema ? { schema: schema.schema } : {}),
          redisUrl: REDIS_URL,
          prefix: `thongsuot:test:${tag}`,
          connect: (_role, redisOptions) => this.redis(redisOptions),
        });
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
