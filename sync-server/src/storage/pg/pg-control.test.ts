import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_UNITS } from '@thongsuot/shared';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { SecurityStore } from '../../auth/security-store.ts';
import { TestSchemas } from '../../testing/pg-schemas.ts';
import { AccountStore } from '../account-store.ts';
import { openDatabase, type SqliteDatabase } from '../sqlite-database.ts';
import { PgControl } from './pg-control.ts';
import { openPool } from './pg-database.ts';

// The relay's own records on several nodes (docs/scale-out.md, "One log of the relay's own
// records"): each node's SQLite, changed only through one log in PostgreSQL that every node
// applies in order. Real SQLite files, the machine's PostgreSQL and Redis.
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const schemas = new TestSchemas();
const dir = mkdtempSync(join(tmpdir(), 'pg-control-'));
const open: { control: PgControl; local: SqliteDatabase; pool: pg.Pool; redis: Redis[] }[] = [];
let schema: Awaited<ReturnType<TestSchemas['fresh']>>;
let channel: string;

beforeEach(async () => {
  schema = await schemas.fresh();
  channel = `thongsuot:test:control:${randomBytes(4).toString('hex')}`;
});

afterEach(async () => {
  for (const node of open.splice(0)) {
    await node.control.close();
    node.local.close();
    await node.pool.end();
    for (const r of node.redis) r.disconnect();
  }
});

afterAll(async () => {
  await schemas.dropAll();
  rmSync(dir, { recursive: true, force: true });
});

/** A node: its own SQLite file (`file` to reopen one), the shared log; announced through Redis unless `quiet`. */
async function node(options: { quiet?: boolean; pollMs?: number; file?: string } = {}) {
  const file = options.file ?? join(dir, `${randomBytes(4).toString('hex')}.sqlite`);
  const local = openDatabase(file);
  const pool = openPool(schema);
  const redis = options.quiet ? [] : [new Redis(REDIS_URL), new Redis(REDIS_URL)];
  const control = await PgControl.open(local, {
    pool,
    ...(redis[0] && redis[1] ? { redis: { publisher: redis[0], subscriber: redis[1], channel } } : {}),
    pollMs: options.pollMs ?? 60_000,
  });
  open.push({ control, local, pool, redis });
  return { control, file, local, accounts: new AccountStore(control.db), security: new SecurityStore(control.db) };
}

const PERSON = {
  id: 'u-lan',
  username: 'lan',
  fullName: 'Huỳnh Thị Ngọc Lan',
  position: 'Chuyên viên',
  rank: 5,
  unitId: 'vp-ubnd',
  phone: '',
  email: '',
  passwordHash: 'x',
};

async function seed(accounts: AccountStore): Promise<void> {
  await accounts.change(() => {
    accounts.insertUnits(DEMO_UNITS);
    accounts.insertAccounts([PERSON]);
  });
}

it('gives every node the same records, and a node started later reads the whole log', async () => {
  const a = await node();
  const b = await node();
  await seed(a.accounts);
  await a.accounts.createSession('hash-1', PERSON.id, 1_000, 10_000);
  // B hears of it through Redis; the catch-up reads it whatever was heard.
  await b.control.caughtUp();
  expect(b.accounts.session('hash-1', 2_000)?.userId).toBe(PERSON.id);
  await b.accounts.revokeSession('hash-1', 3_000);
  await a.control.caughtUp();
  expect(a.accounts.session('hash-1', 4_000)).toBeNull();
  const c = await node();
  expect(c.accounts.byUsername('lan')?.fullName).toBe('Huỳnh Thị Ngọc Lan');
  expect(c.accounts.knowsSession('hash-1')).toBe(true);
  expect(c.accounts.session('hash-1', 4_000)).toBeNull();
  expect(c.control.applied).toBe(a.control.applied);
});

it('uses a recovery code once, though two nodes take it at the same moment', async () => {
  const a = await node({ quiet: true });
  const b = await node({ quiet: true });
  await seed(a.accounts);
  await a.security.replaceRecoveryCodes(PERSON.id, ['code-1', 'code-2'], 1_000);
  await b.control.caughtUp();
  // Both nodes see the code unused; each takes it. The log orders them: the second finds it used.
  expect(b.security.unusedRecoveryCodes(PERSON.id)).toBe(2);
  const taken = await Promise.all([
    a.security.useRecoveryCode(PERSON.id, 'code-1', 2_000),
    b.security.useRecoveryCode(PERSON.id, 'code-1', 2_000),
  ]);
  expect(taken.filter(Boolean)).toHaveLength(1);
  await Promise.all([a.control.caughtUp(), b.control.caughtUp()]);
  expect(a.security.unusedRecoveryCodes(PERSON.id)).toBe(1);
  expect(b.security.unusedRecoveryCodes(PERSON.id)).toBe(1);
});

it('refuses a write that bypasses the log, and leaves nothing of a write that failed', async () => {
  const a = await node({ quiet: true });
  await seed(a.accounts);
  expect(() => a.control.db.prepare('UPDATE users SET disabled = 1').run()).toThrow(/nhật ký/);
  // A username taken: the whole change fails, here and in the log.
  const before = a.control.applied;
  await expect(
    a.accounts.change(() => {
      a.accounts.assignRoles(PERSON.id, ['admin']);
      a.control.db
        .prepare(
          'INSERT INTO users (id, username, full_name, position, rank, unit_id, phone, email, password_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run('u-2', 'lan', '', '', 5, 'vp-ubnd', '', '', 'x');
    }),
  ).rejects.toThrow(/UNIQUE/);
  expect(a.accounts.byId(PERSON.id)?.roles).toEqual([]);
  expect(a.control.applied).toBe(before);
  const b = await node({ quiet: true });
  expect(b.accounts.byId(PERSON.id)?.roles).toEqual([]);
});

it('writes a session’s last use in one change every few seconds, not one per request', async () => {
  const a = await node({ quiet: true });
  await seed(a.accounts);
  await a.accounts.createSession('hash-1', PERSON.id, 1_000, 100_000);
  const before = a.control.applied;
  for (let at = 2_000; at < 12_000; at += 1_000) a.accounts.touchSession('hash-1', at);
  // Not yet in the log; the node flushes them together (close flushes too).
  expect(a.control.applied).toBe(before);
  await a.control.close();
  expect(a.control.applied).toBe(before + 1);
  expect(a.accounts.session('hash-1', 50_000)?.lastSeenAt).toBe(11_000);
});

it('keeps the log short: a snapshot replaces what came before it, and a new node or one that was away starts from it', async () => {
  const a = await node({ quiet: true });
  const away = await node({ quiet: true });
  await seed(a.accounts);
  await a.accounts.createSession('hash-0', PERSON.id, 1_000, 100_000);
  await away.control.caughtUp();
  // The second node goes away with what it has, its file kept.
  await away.control.close();
  away.local.close();
  for (let i = 1; i <= 20; i++) await a.accounts.createSession(`hash-${i}`, PERSON.id, 1_000 + i, 100_000);
  await a.accounts.audit(2_000, PERSON.id, 'session.start', 'trước bản chụp');
  expect(await a.control.snapshot()).toBe(true);
  const pool = openPool(schema);
  try {
    expect(Number((await pool.query('SELECT count(*) AS n FROM control_log')).rows[0].n)).toBe(0);
  } finally {
    await pool.end();
  }
  await a.accounts.createSession('hash-after', PERSON.id, 3_000, 100_000);
  // A new node, from nothing: the snapshot, then the log after it.
  const fresh = await node({ quiet: true });
  const back = await node({ quiet: true, file: away.file });
  for (const n of [fresh, back]) {
    expect(n.control.applied).toBe(a.control.applied);
    for (const hash of ['hash-0', 'hash-20', 'hash-after'])
      expect(n.accounts.session(hash, 50_000)?.userId).toBe(PERSON.id);
    // The same audit lines with the same ids: the viewer pages alike on every node.
    const lines = (db: typeof a.local) => db.prepare('SELECT id, action, detail FROM audit_log ORDER BY id').all();
    expect(lines(n.local)).toEqual(lines(a.local));
  }
  // And they carry on with the log.
  await fresh.accounts.revokeSession('hash-0', 4_000);
  await back.control.caughtUp();
  expect(back.accounts.session('hash-0', 50_000)).toBeNull();
});
