import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, expect, it } from 'vitest';
import { RedisUploadLocker, UPLOAD_BUSY, type UploadLockTiming } from './redis-upload-locker.ts';

// The upload lock several relay nodes share (docs/scale-out.md, "Attachments on several nodes"),
// on the machine's Redis (scripts/bootstrap.sh) or TEST_REDIS_URL; without one this fails, never
// skips. Each locker below stands for one node; each test has keys and a channel of its own.
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const clients: Redis[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});

function connect(): Redis {
  const client = new Redis(REDIS_URL);
  clients.push(client);
  return client;
}

async function nodes(count: number, timing: UploadLockTiming = {}) {
  const prefix = `thongsuot:test:${randomBytes(4).toString('hex')}`;
  const lockers = Array.from({ length: count }, () => new RedisUploadLocker(connect(), connect(), prefix, timing));
  await Promise.all(lockers.map((l) => l.ready));
  return lockers;
}

const never = new AbortController().signal;

it("hands an upload to a request on another node only after the holder's request let go", async () => {
  const [a, b] = (await nodes(2)) as [RedisUploadLocker, RedisUploadLocker];
  const held = a.newLock('u1');
  const events: string[] = [];
  // As tus does: asked to let go, the holder's request ends and unlocks.
  await held.lock(never, async () => {
    events.push('a asked');
    await held.unlock();
    events.push('a unlocked');
  });
  const waiting = b.newLock('u1');
  await waiting.lock(never, () => undefined);
  events.push('b holds');
  expect(events).toEqual(['a asked', 'a unlocked', 'b holds']);
  await waiting.unlock();
});

it('refuses, in Vietnamese, when the holder does not let go in time; the holder keeps it', async () => {
  const [a, b] = (await nodes(2, { acquireTimeoutMs: 400 })) as [RedisUploadLocker, RedisUploadLocker];
  let asked = 0;
  const held = a.newLock('u2');
  await held.lock(never, () => {
    asked++;
  });
  await expect(b.newLock('u2').lock(never, () => undefined)).rejects.toBe(UPLOAD_BUSY);
  expect(asked).toBeGreaterThan(0);
  expect(JSON.parse(UPLOAD_BUSY.body).message).toMatch(/đang được gửi qua một kết nối khác/);
  // Still a's: b's failed attempt removed nothing.
  await expect(a.newLock('u2').lock(never, () => undefined)).rejects.toBe(UPLOAD_BUSY);
  await held.unlock();
  const after = b.newLock('u2');
  await after.lock(never, () => undefined);
  await after.unlock();
});

it('keeps a held lock past its expiry by renewing it, and frees it when its node is gone', async () => {
  const [a, b] = (await nodes(2, { ttlMs: 300, acquireTimeoutMs: 900 })) as [RedisUploadLocker, RedisUploadLocker];
  const held = a.newLock('u3');
  await held.lock(never, () => undefined);
  // Three times the expiry: renewed all along, so b cannot have it.
  await expect(b.newLock('u3').lock(never, () => undefined)).rejects.toBe(UPLOAD_BUSY);

  // A node that dies holding an upload (here: its connections cut) stops renewing; the key
  // expires and the upload can go on through another node.
  const [c, d] = (await nodes(2, { ttlMs: 300, acquireTimeoutMs: 5_000 })) as [RedisUploadLocker, RedisUploadLocker];
  const orphan = c.newLock('u4');
  await orphan.lock(never, () => undefined);
  for (const client of clients.slice(-4, -2)) client.disconnect();
  // Its request, ending meanwhile, lets go without an error: the key expires by itself.
  await expect(orphan.unlock()).resolves.toBeUndefined();
  const next = d.newLock('u4');
  await next.lock(never, () => undefined);
  await next.unlock();
  await held.unlock();
});

it('stops waiting when the waiting request is cancelled', async () => {
  const [a, b] = (await nodes(2)) as [RedisUploadLocker, RedisUploadLocker];
  const held = a.newLock('u5');
  await held.lock(never, () => undefined);
  const cancel = new AbortController();
  const waiting = b.newLock('u5').lock(cancel.signal, () => undefined);
  cancel.abort();
  await expect(waiting).rejects.toBe(UPLOAD_BUSY);
  await held.unlock();
});

it('answers "busy", in Vietnamese, when Redis cannot be reached', async () => {
  // Nothing listens on port 1; the client gives up after one retry, as a node's would after its own.
  const unreachable = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 1, lazyConnect: true });
  unreachable.on('error', () => undefined);
  clients.push(unreachable);
  const locker = new RedisUploadLocker(unreachable, connect(), `thongsuot:test:${randomBytes(4).toString('hex')}`);
  await expect(locker.newLock('u6').lock(never, () => undefined)).rejects.toBe(UPLOAD_BUSY);
});
