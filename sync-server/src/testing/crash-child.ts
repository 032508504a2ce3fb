// A relay process and nothing else, for the crash test: started from an esbuild bundle so a
// restart costs a fraction of a second. argv: <database path> <port> <apply worker bundle>
// <SQLite writer bundle>. Prints "ready <port>".
import { DEMO_UNITS } from '@thongsuot/shared';
import { buildApp } from '../app.ts';
import { hashToken } from '../auth/sessions.ts';
import { AccountStore } from '../storage/account-store.ts';
import { openDatabase } from '../storage/sqlite-database.ts';

const CRASH_WRITERS = ['w1', 'w2', 'w3', 'w4'];

const [databasePath = '', port = '0', workerPath = '', writerPath = ''] = process.argv.slice(2);
const db = openDatabase(databasePath);
const accounts = new AccountStore(db);
await accounts.change(() => {
  if (!accounts.isEmpty()) return;
  accounts.insertUnits(DEMO_UNITS);
  accounts.insertAccounts(
    CRASH_WRITERS.map((id) => ({
      id,
      username: id,
      fullName: id,
      position: 'Chuyên viên',
      rank: 5,
      unitId: 'vp-ubnd',
      phone: '',
      email: `${id}@example.vn`,
      passwordHash: 'x',
    })),
  );
  for (const id of CRASH_WRITERS) accounts.createSession(hashToken(`token-${id}`), id, 0, Number.MAX_SAFE_INTEGER);
});
db.close();
const { server } = await buildApp({
  databasePath,
  applyWorkerUrl: new URL(`file://${workerPath}`),
  storageWriterUrl: new URL(`file://${writerPath}`),
  limits: { framesPerSecond: 100_000, frameBurst: 100_000 },
});
const address = await server.listen({ port: Number(port), host: '127.0.0.1' });
process.stdout.write(`ready ${new URL(address).port}\n`);
