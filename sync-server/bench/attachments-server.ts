// The relay for `pnpm bench:attachments`, in its own process so its RSS is its own. argv:
// <data dir> <people>. Accounts `b0`…`b<people-1>` have sessions with tokens `token-b<i>`.
// Adds a baseline route that is not part of the product: POST /bench/plain streams the body to
// a file and fsyncs it, the least any durable upload must do. Answers 'rss' with its RSS.

import { createWriteStream, mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DEMO_UNITS } from '@thongsuot/shared';
import { buildApp } from '../src/app.ts';
import { hashToken } from '../src/auth/sessions.ts';
import { AccountStore } from '../src/storage/account-store.ts';
import { openDatabase } from '../src/storage/sqlite-database.ts';
import { benchOfficial } from './bench-accounts.ts';

const [dataDir = '', people = '1'] = process.argv.slice(2);
mkdirSync(dataDir, { recursive: true });
const databasePath = join(dataDir, 'bench.sqlite');
const db = openDatabase(databasePath);
const accounts = new AccountStore(db);
// One transaction (this node's SQLite: the change is done when it returns).
await accounts.change(() => {
  if (!accounts.isEmpty()) return;
  accounts.insertUnits(DEMO_UNITS);
  const ids = Array.from({ length: Number(people) }, (_, i) => `b${i}`);
  accounts.insertAccounts(ids.map(benchOfficial));
  for (const id of ids) void accounts.createSession(hashToken(`token-${id}`), id, 0, Number.MAX_SAFE_INTEGER);
});
db.close();

const { server } = await buildApp({ databasePath, attachmentBytesPerDay: 1024 ** 4 });
let plain = 0;
await server.register(async (scope) => {
  scope.addContentTypeParser('application/octet-stream', (_request, _payload, done) => done(null));
  scope.post('/bench/plain', async (request, reply) => {
    const path = join(dataDir, `plain-${++plain}`);
    await pipeline(request.raw, createWriteStream(path));
    const handle = await open(path, 'r+');
    await handle.sync();
    await handle.close();
    return reply.code(204).send();
  });
});
const address = await server.listen({ port: 0, host: '127.0.0.1' });
// The bench went away (finished or crashed): so does its relay.
process.on('disconnect', () => process.exit(0));
process.on('message', (m) => {
  if (m === 'rss') process.send?.({ rss: process.memoryUsage().rss });
});
process.send?.({ port: Number(new URL(address).port) });
