import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_OFFICIALS, DEMO_PASSWORD, DEMO_UNITS } from '@thongsuot/shared';
import { buildApp } from './app.ts';
import { ConfigError, type RelayConfig, readConfig } from './config.ts';
import { clusterOptions } from './storage/pg/cluster-options.ts';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
let config: RelayConfig;
try {
  config = readConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const port = config.PORT;
const host = config.HOST;
const databasePath = resolve(config.DATA_DIR ?? resolve(root, 'data'), 'thongsuot.sqlite');
// The demo city's thousands of accounts share a published password: seeded only when asked
// for (`pnpm start` asks; `pnpm start:prod` and the sync-server's own `start` do not).
const demo = process.argv.includes('--demo') || config.SEED_DEMO === '1';

// Reminders pushed while the app is closed (docs/design.md §16): PUSH=off turns it off; the
// VAPID key pair comes from VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY (both), else it is made on the
// first start and kept in the database; VAPID_SUBJECT is the contact push services may use.
const push = {
  enabled: config.PUSH !== 'off',
  ...(config.VAPID_PUBLIC_KEY && config.VAPID_PRIVATE_KEY
    ? { vapidKeys: { publicKey: config.VAPID_PUBLIC_KEY, privateKey: config.VAPID_PRIVATE_KEY } }
    : {}),
  ...(config.VAPID_SUBJECT ? { subject: config.VAPID_SUBJECT } : {}),
};

// Compiled for production (scripts/build-server.mjs), the apply worker and the SQLite writer are
// bundles beside this one; from source, they start from their TypeScript through tsx.
const bundled = (globalThis as { __THONGSUOT_BUNDLE__?: boolean }).__THONGSUOT_BUNDLE__ === true;

// Several nodes (docs/scale-out.md): docs and the relay's own records in PostgreSQL, changes
// announced and sign-in attempts counted in Redis. This node's SQLite file keeps its copy.
const cluster = config.DATABASE_URL
  ? await clusterOptions({
      databaseUrl: config.DATABASE_URL,
      redisUrl: config.REDIS_URL ?? '',
      ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}),
    })
  : {};

const { server, context, seeded } = await buildApp({
  ...cluster,
  databasePath,
  ...(bundled
    ? {
        applyWorkerUrl: new URL('./engine-worker.mjs', import.meta.url),
        storageWriterUrl: new URL('./sqlite-writer.mjs', import.meta.url),
      }
    : {}),
  clientRoot: config.CLIENT_ROOT ?? resolve(root, 'client/dist'),
  seedDemo: demo,
  seedDirectory: true,
  ...(config.SEED_OFFICIALS ? { seedOfficials: config.SEED_OFFICIALS } : {}),
  // Structured JSON logs (pino) with a request id per request, on unless LOG=0.
  logger: config.LOG === '1',
  secureCookies: config.SECURE_COOKIES === '1',
  signInLimits: {
    ...(config.SIGN_IN_PER_ADDRESS !== undefined ? { perAddress: config.SIGN_IN_PER_ADDRESS } : {}),
    ...(config.SIGN_IN_PER_USERNAME !== undefined ? { perUsername: config.SIGN_IN_PER_USERNAME } : {}),
  },
  trustProxy: config.TRUST_PROXY,
  ...(config.MAX_ATTACHMENT_BYTES !== undefined ? { maxAttachmentBytes: config.MAX_ATTACHMENT_BYTES } : {}),
  ...(config.ATTACHMENT_BYTES_PER_DAY !== undefined ? { attachmentBytesPerDay: config.ATTACHMENT_BYTES_PER_DAY } : {}),
  ...(config.AUDIT_RETENTION_DAYS !== undefined ? { auditRetentionDays: config.AUDIT_RETENTION_DAYS } : {}),
  ...(config.DASHBOARD_REFRESH_MS !== undefined ? { dashboardRefreshMs: config.DASHBOARD_REFRESH_MS } : {}),
  ...(config.TOTP_GRACE_DAYS !== undefined ? { totpGraceDays: config.TOTP_GRACE_DAYS } : {}),
  ...(config.BLOB_DIR ? { blobDir: resolve(config.BLOB_DIR) } : {}),
  // Several nodes: a device's upload resumes through whichever node, so its staging is shared too,
  // on the blobs' file system (a finished upload is renamed into place).
  ...(config.UPLOAD_DIR
    ? { uploadDir: resolve(config.UPLOAD_DIR) }
    : config.DATABASE_URL && config.BLOB_DIR
      ? { uploadDir: resolve(config.BLOB_DIR, '.uploads') }
      : {}),
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
const where = config.DATABASE_URL
  ? `PostgreSQL + Redis, this node's copy: ${databasePath}`
  : `database: ${databasePath}`;
console.log(`Thông Suốt is running at ${address}  (${where}${seeded ? ', demo city seeded' : ''})`);
const demoAccounts = context.accounts.byId(DEMO_OFFICIALS[0]?.id ?? '') !== null;
if (demo && demoAccounts) {
  const unitNames = new Map(DEMO_UNITS.map((u) => [u.id, u.name]));
  console.log(`Open it in a browser and sign in with one of these demo accounts, password "${DEMO_PASSWORD}":`);
  for (const o of DEMO_OFFICIALS) {
    console.log(`  ${o.username.padEnd(14)} ${o.fullName} — ${o.position}, ${unitNames.get(o.unitId) ?? o.unitId}`);
  }
} else if (context.accounts.isEmpty()) {
  console.log(
    'No accounts exist yet, so nobody can sign in. Create the first administrator with: pnpm admin:create <username> <unitId> "<Full name>"',
  );
  console.log('To try it with the demo city (public password, never for real use): `pnpm start`, or SEED_DEMO=1.');
} else if (demoAccounts) {
  console.log('Warning: this database holds the demo city, whose accounts share a published password.');
} else if (demo) {
  console.log('The database already holds accounts, so the demo city was not seeded.');
}
