import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerContext } from './context.ts';
import { authRoutes } from './plugins/auth-routes.ts';
import { directoryRoutes } from './plugins/directory-routes.ts';
import { staticFiles } from './plugins/static-files.ts';
import { MAX_FRAME_BYTES, syncSocket } from './plugins/sync-socket.ts';
import { seedDemoCity } from './seed/seed-demo-city.ts';
import { AccountStore } from './storage/account-store.ts';
import { CommitQueue } from './storage/commit-queue.ts';
import { openDatabase } from './storage/sqlite-database.ts';
import { SqliteDocStore } from './storage/sqlite-doc-store.ts';
import { ConnectionRegistry } from './sync/connection-registry.ts';
import { DocHub } from './sync/doc-hub.ts';
import type { SyncConnection } from './sync/sync-connection.ts';

export interface AppOptions {
  /** Path of the SQLite file. */
  readonly databasePath: string;
  /** Directory of the built PWA; omitted in tests that need no client. */
  readonly clientRoot?: string;
  readonly now?: () => number;
  readonly seedDemo?: boolean;
  readonly allowedOrigins?: readonly string[];
  readonly secureCookies?: boolean;
  readonly logger?: boolean;
}

export interface App {
  readonly server: FastifyInstance;
  readonly context: ServerContext;
  readonly seeded: boolean;
}

export async function buildApp(options: AppOptions): Promise<App> {
  mkdirSync(dirname(options.databasePath), { recursive: true });
  const db = openDatabase(options.databasePath);
  const now = options.now ?? Date.now;
  const accounts = new AccountStore(db);
  const docs = new SqliteDocStore(db);
  const commits = new CommitQueue(docs, now);
  const registry = new ConnectionRegistry<SyncConnection>();
  const hub = new DocHub(docs, commits, registry);
  const context: ServerContext = {
    now,
    accounts,
    docs,
    commits,
    registry,
    hub,
    allowedOrigins: options.allowedOrigins ?? [],
    secureCookies: options.secureCookies ?? false,
  };
  const seeded = options.seedDemo ? await seedDemoCity(accounts) : false;

  const server = Fastify({ logger: options.logger ?? false, bodyLimit: 64 * 1024 });
  await server.register(fastifyCookie);
  await server.register(fastifyWebsocket, { options: { maxPayload: MAX_FRAME_BYTES } });
  await server.register(authRoutes, context);
  await server.register(directoryRoutes, context);
  await server.register(syncSocket, context);
  if (options.clientRoot) await server.register(staticFiles, { root: options.clientRoot });

  server.addHook('onClose', async () => {
    for (const connection of registry.all()) connection.close(1012, 'server restarting');
    await commits.drain();
    await docs.close();
  });
  return { server, context, seeded };
}
