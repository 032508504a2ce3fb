import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_OFFICIALS, DEMO_PASSWORD, DEMO_UNITS } from '@thongsuot/shared';
import { buildApp } from './app.ts';
import { parseTrustProxy } from './auth/trust-proxy.ts';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
const databasePath = resolve(process.env.DATA_DIR ?? resolve(root, 'data'), 'thongsuot.sqlite');
// The demo city's thousands of accounts share a published password: seeded only when asked
// for (`pnpm start` asks; `pnpm start:prod` and the sync-server's own `start` do not).
const demo = process.argv.includes('--demo') || process.env.SEED_DEMO === '1';

/** A whole number ≥ 1 from the environment (a per-minute limit, a byte cap), or undefined when unset; anything else stops the start. */
function perMinute(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number ≥ 1, not "${text}"`);
  return value;
}
const perAddress = perMinute('SIGN_IN_PER_ADDRESS');
const perUsername = perMinute('SIGN_IN_PER_USERNAME');
// Attachment caps in bytes (docs/design.md §13); the same reading: a whole number ≥ 1.
const maxAttachmentBytes = perMinute('MAX_ATTACHMENT_BYTES');
const attachmentBytesPerDay = perMinute('ATTACHMENT_BYTES_PER_DAY');

// Reminders pushed while the app is closed (docs/design.md §16): PUSH=off turns it off; the
// VAPID key pair comes from VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY (both), else it is made on the
// first start and kept in the database; VAPID_SUBJECT is the contact push services may use.
const vapidPublic = process.env.VAPID_PUBLIC_KEY;
const vapidPrivate = process.env.VAPID_PRIVATE_KEY;
if (Boolean(vapidPublic) !== Boolean(vapidPrivate))
  throw new Error('set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither');
const push = {
  enabled: process.env.PUSH !== 'off',
  ...(vapidPublic && vapidPrivate ? { vapidKeys: { publicKey: vapidPublic, privateKey: vapidPrivate } } : {}),
  ...(process.env.VAPID_SUBJECT ? { subject: process.env.VAPID_SUBJECT } : {}),
};

const { server, context, seeded } = await buildApp({
  databasePath,
  clientRoot: process.env.CLIENT_ROOT ?? resolve(root, 'client/dist'),
  seedDemo: demo,
  seedDirectory: true,
  ...(process.env.SEED_OFFICIALS ? { seedOfficials: Number(process.env.SEED_OFFICIALS) } : {}),
  logger: process.env.LOG === '1',
  secureCookies: process.env.SECURE_COOKIES === '1',
  signInLimits: {
    ...(perAddress !== undefined ? { perAddress } : {}),
    ...(perUsername !== undefined ? { perUsername } : {}),
  },
  trustProxy: parseTrustProxy(process.env.TRUST_PROXY),
  ...(maxAttachmentBytes !== undefined ? { maxAttachmentBytes } : {}),
  ...(attachmentBytesPerDay !== undefined ? { attachmentBytesPerDay } : {}),
  ...(process.env.BLOB_DIR ? { blobDir: resolve(process.env.BLOB_DIR) } : {}),
  push,
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
console.log(`Thông Suốt is running at ${address}  (database: ${databasePath}${seeded ? ', demo city seeded' : ''})`);
const demoAccounts = context.accounts.byId(DEMO_OFFICIALS[0]?.id ?? '') !== null;
if (demo && demoAccounts) {
  const unitNames = new Map(DEMO_UNITS.map((u) => [u.id, u.name]));
  console.log(`Open it in a browser and sign in with one of these demo accounts, password "${DEMO_PASSWORD}":`);
  for (const o of DEMO_OFFICIALS) {
    console.log(`  ${o.username.padEnd(14)} ${o.fullName} — ${o.position}, ${unitNames.get(o.unitId) ?? o.unitId}`);
  }
} else if (context.accounts.isEmpty()) {
  console.log(
    'No accounts exist yet, so nobody can sign in; there is no command yet to create the first administrator.',
  );
  console.log('To try it with the demo city (public password, never for real use): `pnpm start`, or SEED_DEMO=1.');
} else if (demoAccounts) {
  console.log('Warning: this database holds the demo city, whose accounts share a published password.');
} else if (demo) {
  console.log('The database already holds accounts, so the demo city was not seeded.');
}
