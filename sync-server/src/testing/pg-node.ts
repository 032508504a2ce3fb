// One relay node on PostgreSQL + Redis in a process of its own, for tests that kill a node with
// SIGKILL (e2e/node-kill.test.ts). Prints "ready <port>" once it listens. Environment:
// NODE_DIR (its SQLite file and blobs), NODE_PG_URL, NODE_PG_SCHEMA (migrated already),
// NODE_REDIS_URL, NODE_REDIS_CHANNEL, NODE_SESSIONS (JSON [[token, username], …]).
//
// The documents are shared through PostgreSQL and Redis, and so are the counts of the sign-in
// and API limits. The accounts and sessions are still each node's own (docs/scale-out.md, "Not
// built yet"), so every node is seeded with the demo city and given the same session tokens, as
// a shared session table would give them.
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { buildApp } from '../app.ts';
import { hashToken, SESSION_TTL_MS } from '../auth/sessions.ts';
import { RedisFanOut } from '../fanout/redis-fan-out.ts';
import { openPool } from '../storage/pg/pg-database.ts';
import { PgDocStore } from '../storage/pg/pg-doc-store.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const store = new PgDocStore(openPool({ url: env('NODE_PG_URL'), schema: env('NODE_PG_SCHEMA'), max: 4 }));
const redisUrl = env('NODE_REDIS_URL');
const fanOut = new RedisFanOut(new Redis(redisUrl), new Redis(redisUrl), env('NODE_REDIS_CHANNEL'));
await fanOut.ready;
const { server, context } = await buildApp({
  databasePath: join(env('NODE_DIR'), 'node.sqlite'),
  seedDemo: true,
  wrapDocStore: () => store,
  fanOut,
  sharedLimits: { redis: new Redis(redisUrl, { maxRetriesPerRequest: 1 }) },
});
const now = Date.now();
for (const [token, username] of JSON.parse(env('NODE_SESSIONS')) as [string, string][]) {
  const account = context.accounts.byUsername(username);
  if (!account) throw new Error(`no account ${username}`);
  context.accounts.createSession(hashToken(token), account.id, now, now + SESSION_TTL_MS);
}
const address = await server.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`ready ${new URL(address).port}\n`);
