// One relay node on PostgreSQL + Redis in a process of its own, for tests that kill a node with
// SIGKILL (e2e/node-kill.test.ts). Prints "ready <port>" once it listens. Environment:
// NODE_DIR (its SQLite file and blobs), NODE_PG_URL, NODE_PG_SCHEMA (migrated already),
// NODE_REDIS_URL, NODE_REDIS_CHANNEL (the prefix of its Redis channels), NODE_SESSIONS (JSON
// [[token, username], …]).
//
// It runs as main.ts runs a node of a deployment (`clusterOptions`): the documents, the accounts
// and the sessions are shared through PostgreSQL and Redis, and so are the counts of the limits.
// The nodes start together; the first to take the log's lock seeds the demo city and the given
// sessions, the others find them there.
import { join } from 'node:path';
import { buildApp } from '../app.ts';
import { hashToken, SESSION_TTL_MS } from '../auth/sessions.ts';
import { clusterOptions } from '../storage/pg/cluster-options.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const cluster = await clusterOptions({
  databaseUrl: env('NODE_PG_URL'),
  schema: env('NODE_PG_SCHEMA'),
  redisUrl: env('NODE_REDIS_URL'),
  prefix: env('NODE_REDIS_CHANNEL'),
  poolSize: 4,
});
const { server, context } = await buildApp({
  ...cluster,
  databasePath: join(env('NODE_DIR'), 'node.sqlite'),
  seedDemo: true,
});
const now = Date.now();
const sessions = JSON.parse(env('NODE_SESSIONS')) as [string, string][];
await context.control.run(() => {
  const insert = context.db.prepare(
    'INSERT OR IGNORE INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
  );
  for (const [token, username] of sessions) {
    const account = context.accounts.byUsername(username);
    if (!account) throw new Error(`no account ${username}`);
    insert.run(hashToken(token), account.id, now, now + SESSION_TTL_MS);
  }
});
const address = await server.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`ready ${new URL(address).port}\n`);
