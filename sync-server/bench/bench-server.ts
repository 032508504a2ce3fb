// One relay under test, in its own process so its RSS is its own. argv: <target> <workload json>.

import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_UNITS } from '@thongsuot/shared';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { buildApp } from '../src/app.ts';
import { hashToken } from '../src/auth/sessions.ts';
import type { FanOut } from '../src/fanout/fan-out.ts';
import { AccountStore } from '../src/storage/account-store.ts';
import type { DocStore, DocWrite } from '../src/storage/doc-store.ts';
import { openDatabase } from '../src/storage/sqlite-database.ts';
import { SqliteDocStore } from '../src/storage/sqlite-doc-store.ts';
import { benchOfficial } from './bench-accounts.ts';
import {
  convName,
  convTemplate,
  docName,
  docsOf,
  logTemplate,
  membersOf,
  tokenOf,
  userId,
  type Workload,
} from './bench-workload.ts';

const [target = '', json = '{}'] = process.argv.slice(2);
const w = JSON.parse(json) as Workload;

/**
 * `thongsuot-pg` (pnpm bench:cluster): one of several nodes on PostgreSQL (BENCH_PG_URL,
 * BENCH_PG_SCHEMA) and Redis (BENCH_REDIS_URL, BENCH_REDIS_CHANNEL). Each node keeps the bench's
 * accounts and sessions in its own SQLite (the same tokens everywhere); the docs are shared.
 * BENCH_SEED=1 on the first node only writes the conversations into PostgreSQL.
 */
async function startThongSuotPg(): Promise<number> {
  const { migratePg, openPool } = await import('../src/storage/pg/pg-database.ts');
  const { PgDocStore } = await import('../src/storage/pg/pg-doc-store.ts');
  const { RedisFanOut } = await import('../src/fanout/redis-fan-out.ts');
  const { Redis } = await import('ioredis');
  const pgOptions = { url: process.env.BENCH_PG_URL ?? '', schema: process.env.BENCH_PG_SCHEMA ?? 'public', max: 8 };
  if (process.env.BENCH_SEED === '1') await migratePg(pgOptions);
  const store = new PgDocStore(openPool(pgOptions));
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const fanOut = new RedisFanOut(new Redis(redisUrl), new Redis(redisUrl), process.env.BENCH_REDIS_CHANNEL);
  await fanOut.ready;
  return startThongSuot({
    wrapDocStore: () => store,
    fanOut,
    seedInto: process.env.BENCH_SEED === '1' ? store : null,
  });
}

async function startThongSuot(
  options: { wrapDocStore?: () => DocStore; fanOut?: FanOut; seedInto?: DocStore | null } = {},
): Promise<number> {
  const path = join(mkdtempSync(join(tmpdir(), 'bench-relay-')), 'bench.sqlite');
  const db = openDatabase(path);
  const accounts = new AccountStore(db);
  const users: string[] = [];
  for (let p = 0; p < w.workers; p++) for (let c = 0; c < w.clients; c++) users.push(userId(p, c));
  // One transaction (this node's SQLite: the change is done when it returns).
  void accounts.change(() => {
    accounts.insertUnits(DEMO_UNITS);
    accounts.insertAccounts(users.map(benchOfficial));
    for (const id of users) void accounts.createSession(hashToken(tokenOf(id)), id, 0, Number.MAX_SAFE_INTEGER);
  });
  const store = new SqliteDocStore(db);
  const heads: DocWrite[] = [];
  const logs: DocWrite[] = [];
  for (let p = 0; p < w.workers; p++) {
    for (let g = 0; g < docsOf(w); g++) {
      const members = membersOf(w, p, g);
      const readers = members.map((m) => `user:${m}` as const);
      heads.push({
        docId: convName(p, g),
        kind: 'conv',
        update: Y.encodeStateAsUpdate(convTemplate(w, p, g)),
        projection: { readers, conversation: { members: members.map((personId) => ({ personId, role: 'member' })) } },
        audit: [],
      });
      logs.push({
        docId: docName(p, g),
        kind: 'convlog',
        parentId: convName(p, g),
        update: Y.encodeStateAsUpdate(logTemplate(w, p, g)),
        projection: { readers },
        audit: [],
      });
    }
  }
  const seedInto = options.seedInto === undefined ? store : options.seedInto;
  if (seedInto) {
    await seedInto.appendBatch(heads, 1);
    await seedInto.appendBatch(logs, 1);
  }
  db.close();
  const { server } = await buildApp({
    databasePath: path,
    ...(options.wrapDocStore ? { wrapDocStore: options.wrapDocStore } : {}),
    ...(options.fanOut ? { fanOut: options.fanOut } : {}),
    applyWorkers: Number(process.env.BENCH_APPLY_WORKERS ?? 1),
    limits: { framesPerSecond: 100_000, frameBurst: 100_000, bytesPerSecond: 1e9, byteBurst: 1e9 },
  });
  const address = await server.listen({ port: 0, host: '127.0.0.1' });
  return Number(new URL(address).port);
}

async function startYWebsocket(): Promise<number> {
  const { setupWSConnection } = await import('@y/websocket-server/utils');
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (conn, req) => setupWSConnection(conn, req));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return (http.address() as { port: number }).port;
}

async function startHocuspocus(): Promise<number> {
  const { Server } = await import('@hocuspocus/server');
  const server = new Server({ quiet: true, address: '127.0.0.1', port: 0 } as never);
  await server.listen();
  return (server.httpServer.address() as { port: number }).port;
}

const starters: Record<string, () => Promise<number>> = {
  thongsuot: () => startThongSuot(),
  'thongsuot-pg': startThongSuotPg,
  'y-websocket-server': startYWebsocket,
  hocuspocus: startHocuspocus,
};
const port = await (starters[target] as () => Promise<number>)();
process.once('SIGINT', () => process.exit(0));
process.on('message', (m: string) => {
  if (m === 'rss') process.send?.({ rss: process.memoryUsage().rss });
  // This process's own CPU time so far, user and system, in microseconds.
  if (m === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMicros: user + system });
  }
});
process.send?.({ port });
