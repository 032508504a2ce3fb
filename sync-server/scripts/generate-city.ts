/**
 * Writes a generated city into the server's database: units, officials (all with the demo
 * password), and every document with its projection, as the relay would have stored it.
 *
 *   pnpm --filter @thongsuot/sync-server exec tsx scripts/generate-city.ts \
 *     --db data/thongsuot.sqlite --seed 2026 --officials 50000 --tasks 20000 [--conversations 5000]
 *
 * The same flags always write the same city. Meant for an empty database (demo seed,
 * benchmarks); the demo officials are added too, so the demo sign-ins keep working.
 */
import { parseArgs } from 'node:util';
import {
  bulletinReaders,
  cityUnits,
  conversationReaders,
  DEFAULT_NOW,
  DEMO_OFFICIALS,
  DEMO_PASSWORD,
  type DocKind,
  generateCity,
  generateWorkload,
  type Principal,
  parseDocId,
  readBulletin,
  readConversation,
  readUnitPage,
  unitPageReaders,
} from '@thongsuot/shared';
import * as Y from 'yjs';
import { hashPassword } from '../src/auth/password.ts';
import { markAssignmentIndexBuilt } from '../src/dashboard/rebuild-index.ts';
import { AccountStore } from '../src/storage/account-store.ts';
import type { DocProjection, DocWrite } from '../src/storage/doc-store.ts';
import { openDatabase } from '../src/storage/sqlite-database.ts';
import { SqliteDocStore } from '../src/storage/sqlite-doc-store.ts';
import { DOC_POLICIES } from '../src/sync/doc-policies.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'data/thongsuot.sqlite' },
    seed: { type: 'string', default: '2026' },
    officials: { type: 'string', default: '50000' },
    tasks: { type: 'string', default: '20000' },
    conversations: { type: 'string' },
  },
});

const options = {
  seed: Number.isNaN(Number(values.seed)) ? values.seed : Number(values.seed),
  officials: Number(values.officials),
  tasks: Number(values.tasks),
  now: DEFAULT_NOW,
  ...(values.conversations ? { conversations: Number(values.conversations) } : {}),
};

const units = cityUnits();
const unitsByKind = {
  unitIdsOfKind: (kind: string) => units.filter((u) => u.kind === kind).map((u) => u.id),
};

/** The projection the relay would store for this doc; tasks go through the relay's own policy. */
function project(kind: DocKind, doc: Y.Doc): DocProjection {
  const policy = DOC_POLICIES[kind];
  if (policy) {
    const projected = policy.project(doc);
    if (projected === null) throw new Error(`generated ${kind} doc is invalid`);
    return policy.projection(projected, doc);
  }
  let readers: Principal[] | null = null;
  if (kind === 'conv') readers = map(readConversation(doc), conversationReaders);
  if (kind === 'unit') readers = map(readUnitPage(doc), unitPageReaders);
  if (kind === 'bulletin') readers = map(readBulletin(doc), (b) => bulletinReaders(b, unitsByKind));
  if (readers === null) throw new Error(`generated ${kind} doc is invalid`);
  return { readers };
}

function map<T>(value: T | null, f: (value: T) => Principal[]): Principal[] | null {
  return value === null ? null : f(value);
}

const started = performance.now();
const db = openDatabase(values.db);
const accounts = new AccountStore(db);
const store = new SqliteDocStore(db);
if (!accounts.isEmpty()) {
  console.error(`${values.db} already holds officials; generate into an empty database.`);
  process.exit(1);
}

const city = generateCity(options);
// One scrypt hash for everyone: hashing 50,000 passwords at 32 MiB each would take an hour.
const passwordHash = await hashPassword(DEMO_PASSWORD);
accounts.insertUnits(city.units);
const taken = new Set(city.officials.map((o) => o.username));
const demo = DEMO_OFFICIALS.filter((o) => !taken.has(o.username));
accounts.insertAccounts([...city.officials, ...demo].map((o) => ({ ...o, passwordHash })));

const counts = new Map<string, number>();
let batch: DocWrite[] = [];
let bytes = 0;
for (const generated of generateWorkload(city, options)) {
  const address = parseDocId(generated.docId);
  if (!address) throw new Error(`bad doc id ${generated.docId}`);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, generated.update);
  batch.push({
    docId: generated.docId,
    kind: address.kind,
    update: generated.update,
    projection: project(address.kind, doc),
    audit: [],
  });
  counts.set(address.kind, (counts.get(address.kind) ?? 0) + 1);
  bytes += generated.update.length;
  if (batch.length >= 500) {
    await store.appendBatch(batch, options.now);
    batch = [];
  }
}
if (batch.length > 0) await store.appendBatch(batch, options.now);
// Every task went in with its whole projection: the assignment index is complete (docs/design.md §14).
markAssignmentIndexBuilt(db, options.now);
await store.close();

const seconds = ((performance.now() - started) / 1000).toFixed(1);
const summary = [...counts].map(([kind, n]) => `${n} ${kind}`).join(', ');
console.log(
  `${values.db}: ${city.units.length} units, ${city.officials.length + demo.length} officials, ${summary}; ${(bytes / 1e6).toFixed(1)} MB of updates in ${seconds} s`,
);
console.log(
  `Every official signs in with the demo password (${DEMO_PASSWORD}); e.g. ${city.officials[0]?.username}, or the demo accounts.`,
);
