import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_OFFICIALS, DEMO_PASSWORD, DEMO_UNITS } from '@thongsuot/shared';
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
  ...(process.env.SIGN_IN_PER_MINUTE ? { signInPerMinute: Number(process.env.SIGN_IN_PER_MINUTE) } : {}),
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
const unitNames = new Map(DEMO_UNITS.map((u) => [u.id, u.name]));
console.log(`Thông Suốt is running at ${address}  (database: ${databasePath}${seeded ? ', demo city seeded' : ''})`);
console.log(`Open it in a browser and sign in with one of these demo accounts, password "${DEMO_PASSWORD}":`);
for (const o of DEMO_OFFICIALS) {
  console.log(`  ${o.username.padEnd(14)} ${o.fullName} — ${o.position}, ${unitNames.get(o.unitId) ?? o.unitId}`);
}
