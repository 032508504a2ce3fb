import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_OFFICIALS, DEMO_PASSWORD } from '@thongsuot/shared';
import { buildApp } from './app.ts';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
const databasePath = resolve(process.env.DATA_DIR ?? resolve(root, 'data'), 'thongsuot.sqlite');

const { server, seeded } = await buildApp({
  databasePath,
  clientRoot: process.env.CLIENT_ROOT ?? resolve(root, 'client/dist'),
  seedDemo: process.env.SEED_DEMO !== '0',
  seedDirectory: true,
  ...(process.env.SEED_OFFICIALS ? { seedOfficials: Number(process.env.SEED_OFFICIALS) } : {}),
  logger: process.env.LOG === '1',
  secureCookies: process.env.SECURE_COOKIES === '1',
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    // Graceful: finish the commits in flight, then exit.
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

const address = await server.listen({ port, host });
const sample = DEMO_OFFICIALS.filter((o) => ['chutich', 'vanphong', 'benthanh'].includes(o.username));
console.log(`Thông Suốt is running at ${address}  (database: ${databasePath}${seeded ? ', demo city seeded' : ''})`);
console.log(`Sign in with any demo account, password "${DEMO_PASSWORD}", for example:`);
for (const o of sample) console.log(`  ${o.username.padEnd(14)} ${o.fullName} — ${o.position}`);
