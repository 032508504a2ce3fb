import { Redis, type RedisOptions } from 'ioredis';
import type { Pool } from 'pg';
import type { AppOptions } from '../../app.ts';
import { RedisUploadLocker } from '../../blobs/redis-upload-locker.ts';
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
  /**
   * Told once when a Redis connection is lost (it retries by itself) and once when it is back;
   * without it ioredis would print "Unhandled error event" at every retry. Default: stderr.
   */
  readonly onRedisState?: (role: string, state: 'lost' | 'back', error?: Error) => void;
  /** Opens a Redis connection (default: `new Redis(redisUrl, options)`); tests keep theirs to close them. */
  readonly connect?: (role: string, options: RedisOptions) => Redis;
}

export type ClusterOptions = Required<
  Pick<AppOptions, 'wrapDocStore' | 'fanOut' | 'sharedLimits' | 'sharedRecords' | 'sharedProjections' | 'uploadLocker'>
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
  const onState = settings.onRedisState ?? reportRedisState;
  const connect = settings.connect ?? ((_role: string, options: RedisOptions) => new Redis(settings.redisUrl, options));
  const redis = (role: string, options: RedisOptions = {}) => watched(connect(role, options), role, onState);
  const fanOut = new RedisFanOut(redis('fan-out publisher'), redis('fan-out subscriber'), `${prefix}:docs`);
  await fanOut.ready;
  const uploadLocker = new RedisUploadLocker(redis('upload locks'), redis('upload lock releases'), prefix);
  await uploadLocker.ready;
  return {
    wrapDocStore: () => store,
    fanOut,
    // A sign-in is refused rather than go uncounted while Redis cannot be reached.
    sharedLimits: { redis: redis('limits', { maxRetriesPerRequest: 1 }), prefix: `${prefix}:limits:` },
    sharedRecords: {
      pool: openPool({ ...pg, max: 2 }),
      redis: {
        publisher: redis('records publisher'),
        subscriber: redis('records subscriber'),
        channel: `${prefix}:control`,
      },
    },
    sharedProjections: sharedProjections(pool),
    uploadLocker,
  };
}

/** The projections several nodes read back from PostgreSQL: the registers, reminders' due times. */
export function sharedProjections(pool: Pool): ClusterOptions['sharedProjections'] {
  return { registers: new PgRegisterBook(pool), remindersDue: pgRemindersDue(pool) };
}

/** A Redis connection whose loss and return are told once each, not at every retry. */
export function watched(client: Redis, role: string, onState: NonNullable<ClusterSettings['onRedisState']>): Redis {
  let lost = false;
  client.on('error', (error: Error) => {
    if (lost) return;
    lost = true;
    onState(role, 'lost', error);
  });
  client.on('ready', () => {
    if (!lost) return;
    lost = false;
    onState(role, 'back');
  });
  return client;
}

function reportRedisState(role: string, state: 'lost' | 'back', error?: Error): void {
  console.error(
    JSON.stringify({
      level: state === 'lost' ? 50 : 30,
      time: Date.now(),
      msg: state === 'lost' ? `Redis (${role}) unreachable, retrying: ${error?.message ?? ''}` : `Redis (${role}) back`,
    }),
  );
}
