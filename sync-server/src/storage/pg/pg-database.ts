import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import pg from 'pg';

/**
 * The SQL migrations (node-pg-migrate's `-- Up Migration` files), applied in name order: beside the
 * source, or one level up from the production bundle (`sync-server/dist/main.mjs`).
 */
export const PG_MIGRATIONS = [
  new URL('../../../migrations/pg', import.meta.url),
  new URL('../migrations/pg', import.meta.url),
]
  .map((url) => fileURLToPath(url))
  .find((dir) => existsSync(dir)) as string;

export interface PgOptions {
  /** postgres://user@host:port/database */
  readonly url: string;
  /** The schema the tables live in (the database's default when absent). */
  readonly schema?: string;
  /** Connections this node keeps (pg's pool). */
  readonly max?: number;
}

// bigint columns (sequence numbers, times in ms) come back as numbers: they stay below 2^53.
const INT8 = pg.types.builtins.INT8;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** A pool of connections whose queries run in `schema` and read bigints as numbers. */
export function openPool(options: PgOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 8,
    // A server that does not answer (a network cut rather than a refused connection) fails a
    // request after this, as retryable, instead of holding it forever.
    connectionTimeoutMillis: 10_000,
    types,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // A server restart breaks the idle connections: the pool drops them and reports it here, which
  // unheard would end the process. Queries under way fail on their own and are refused as
  // retryable; new ones connect again once the server is back (pg-restart.test.ts).
  pool.on('error', () => undefined);
  // The same for a connection checked out between two queries: its query fails, not the process.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/**
 * Brings the schema up to date. node-pg-migrate takes a lock, so nodes starting together run
 * each migration once; it records what ran in `pgmigrations`.
 */
export async function migratePg(options: PgOptions): Promise<void> {
  await runner({
    databaseUrl: options.url,
    dir: PG_MIGRATIONS,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    ...(options.schema ? { schema: options.schema, createSchema: true } : {}),
    singleTransaction: true,
    // Nodes starting together: one migrates, the others wait for its lock and find nothing to do
    // (node-pg-migrate's default is to fail when another holds it).
    advisoryLockMode: 'wait',
    log: () => {},
  });
}
