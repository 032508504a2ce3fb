import { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { AppOptions } from '../../app.ts';
import { RedisFanOut } from '../../fanout/redis-fan-out.ts';
import { migratePg, openPool, type PgOptions } from './pg-database.ts';
import { PgDocStore } from './pg-doc-store.ts';
import { PgRegisterBook } from './pg-register-book.ts';
import { pgRemindersDue } from './pg-reminders.ts';

/** Where the nodes of one deployment meet (docs/scale-out.md, "Running several nodes"). */
export interface ClusterSettings {
  /** postgres://user:password@host:port/database */
  readonly databaseUrl: string;
  /** The schema the tables live in (the database's default when absent). */
  readonly schema?: string;
  /** redis://host:port */
  readonly redisUrl: string;
  /** Names the Redis channels and keys, so two deployments can share one Redis (default `thongsuot`). */
  readonly prefix?: string;
  /** Connections to PostgreSQL for the docs (default 8); the log of the relay's own records takes 2 more. */
  readonly poolSize?: number;
}

export type ClusterOptions = Required<
  Pick<AppOptions, 'wrapDocStore' | 'fanOut' | 'sharedLimits' | 'sharedRecords' | 'sharedProjections'>
>;

/**
 * What a relay node needs to run beside others: the schema migrated, the docs in PostgreSQL, their
 * changes announced through Redis, the sign-in limits counted in Redis, and accounts, sessions and
 * the other records of the relay's own kept by one log in PostgreSQL.
 */
export async function clusterOptions(settings: ClusterSettings): Promise<ClusterOptions> {
  const pg: PgOptions = { url: settings.databaseUrl, ...(settings.schema ? { schema: settings.schema } : {}) };
  await migratePg(pg);
  const pool = openPool({ ...pg, max: settings.poolSize ?? 8 });
  const store = new PgDocStore(pool, { audit: 'control log' });
  const prefix = settings.prefix ?? 'thongsuot';
  const redis = (options: { maxRetriesPerRequest?: number } = {}) => new Redis(settings.redisUrl, options);
  const fanOut = new RedisFanOut(redis(), redis(), `${prefix}:docs`);
  await fanOut.ready;
  return {
    wrapDocStore: () => store,
    fanOut,
    // A sign-in is refused rather than go uncounted while Redis cannot be reached.
    sharedLimits: { redis: redis({ maxRetriesPerRequest: 1 }), prefix: `${prefix}:limits:` },
    sharedRecords: {
      pool: openPool({ ...pg, max: 2 }),
      redis: { publisher: redis(), subscriber: redis(), channel: `${prefix}:control` },
    },
    sharedProjections: sharedProjections(pool),
  };
}

/** The projections several nodes read back from PostgreSQL: the registers, reminders' due times. */
export function sharedProjections(pool: Pool): ClusterOptions['sharedProjections'] {
  return { registers: new PgRegisterBook(pool), remindersDue: pgRemindersDue(pool) };
}
