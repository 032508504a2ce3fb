import { createECDH, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addReminder, createUserDoc, type Dossier, readDossier, vietnamDate } from '@thongsuot/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { benThanhClerksPage, incomingDossier } from '../../testing/fixtures.ts';
import { TestCluster } from '../../testing/pg-cluster.ts';
import { SignedInPeers } from '../../testing/signed-in-peers.ts';
import type { TestServer } from '../../testing/test-server.ts';
import { sha256Hex, tusUpload } from '../../testing/tus-upload.ts';
import { openPool } from './pg-database.ts';

// What the docs' commits project and the relay reads back, across relay nodes (issue 15,
// docs/scale-out.md): two nodes on one PostgreSQL schema. Official documents registered through
// both at once get one series of numbers; a reminder falling due wakes its person's phone once,
// though both nodes' pushers find it due (a local HTTP server stands in for the push service);
// an attachment uploaded through one node, cut off and resumed through the other, is stored once
// in the blob directory both share.
const cluster = new TestCluster();
const shared = mkdtempSync(join(tmpdir(), 'shared-blobs-'));
const AT = Date.now() - 3_600_000;
let clock = Date.now();
const received: string[] = [];
const receiver = createServer((request, response) => {
  received.push(request.url ?? '');
  request.resume();
  request.on('end', () => {
    response.statusCode = 201;
    response.end();
  });
});
let a: TestServer;
let b: TestServer;
const onA = new SignedInPeers(() => a);
const onB = new SignedInPeers(() => b);

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  [a, b] = (await cluster.start(2, (_, options) => ({
    ...options,
    now: () => clock,
    // The pushers' timers stay out of the way: the test runs their rounds.
    push: { allowLoopbackHttp: true, intervalMs: 3_600_000 },
    // One blob store for both, as on a shared volume, uploads in progress beside it.
    blobDir: join(shared, 'blobs'),
    uploadDir: join(shared, 'blobs', '.uploads'),
  }))) as [TestServer, TestServer];
  expect(await onA.send('benthanh', 'unit/phuong-ben-thanh', benThanhClerksPage(AT))).toMatchObject({
    type: 'ack',
  });
}, 120_000);

afterAll(async () => {
  onA.close();
  onB.close();
  await cluster.stop();
  await new Promise((resolve) => receiver.close(resolve));
  rmSync(shared, { recursive: true, force: true });
});

const incoming = (id: string, by: string): Uint8Array => Y.encodeStateAsUpdate(incomingDossier(id, by, AT));

async function stored(node: TestServer, docId: string): Promise<Dossier | null> {
  const doc = new Y.Doc();
  for (const u of await node.app.context.docs.loadUpdates(docId)) Y.applyUpdate(doc, u);
  return readDossier(doc);
}

it('numbers documents registered through two nodes at once in one series, none twice or skipped', async () => {
  const ids = Array.from({ length: 8 }, (_, i) => `cluster-${i}`);
  const acks = await Promise.all(
    ids.map((id, i) =>
      i % 2 === 0
        ? onA.send('benthanh.cv', `dossier/${id}`, incoming(id, 'u-benthanh-cv'))
        : onB.send('benthanh', `dossier/${id}`, incoming(id, 'u-benthanh')),
    ),
  );
  expect(acks.every((m) => m.type === 'ack')).toBe(true);
  await Promise.all([a.app.context.registrar.idle(), b.app.context.registrar.idle()]);
  const year = Number(vietnamDate(Date.now()).slice(0, 4));
  // Whichever node reads it, each document holds its number; the register is 1..8.
  const numbers = await Promise.all(ids.map(async (id, i) => (await stored(i % 2 ? a : b, `dossier/${id}`))?.register));
  expect(numbers.every((r) => r?.year === year)).toBe(true);
  expect(numbers.map((r) => r?.number).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  const pool = openPool(cluster.schema ?? { url: '' });
  try {
    const { rows } = await pool.query<{ number: number }>(
      `SELECT number FROM dossiers WHERE unit_id = 'phuong-ben-thanh' AND register = 'den' AND year = $1 ORDER BY number`,
      [year],
    );
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  } finally {
    await pool.end();
  }
  // The integration API's answer reads the same register, on either node.
  expect(await b.app.context.registrar.numberOf(`dossier/${ids[0]}`)).toMatchObject({ year });

  // The audit log holds every numbering, whichever node committed it, with the same ids on every
  // node: an inspector pages through it with each page served by another node.
  const inspector = await a.signIn('thanhtra');
  const page = async (node: TestServer, before?: number) => {
    const query = `action=dossier.register&limit=3${before ? `&before=${before}` : ''}`;
    const answer = await node.app.server.inject({
      method: 'GET',
      url: `/api/audit?${query}`,
      headers: { cookie: inspector },
    });
    expect(answer.statusCode).toBe(200);
    return answer.json() as { rows: { id: number; detail: string }[]; more: boolean };
  };
  await expect.poll(async () => (await page(b)).rows[0]?.detail, { timeout: 5_000 }).toBe(`den/${year}/8`);
  const details: string[] = [];
  let before: number | undefined;
  for (let n = 0, more = true; more; n++) {
    const next = await page(n % 2 ? a : b, before);
    details.push(...next.rows.map((r) => r.detail));
    before = next.rows.at(-1)?.id;
    more = next.more;
  }
  expect(details).toEqual([8, 7, 6, 5, 4, 3, 2, 1].map((n) => `den/${year}/${n}`));
}, 60_000);

it('wakes a phone once for a reminder both nodes find due', async () => {
  // The phone subscribes through node A; its person writes the reminder through node B.
  const cookie = await a.signIn('saigon');
  const ecdh = createECDH('prime256v1');
  const keys = { p256dh: ecdh.generateKeys().toString('base64url'), auth: randomBytes(16).toString('base64url') };
  const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/push/phone`;
  const put = await a.app.server.inject({
    method: 'PUT',
    url: '/api/push/subscription',
    headers: { cookie },
    payload: { endpoint, keys },
  });
  expect(put.statusCode).toBe(204);
  // Both nodes sign the push with the one key pair the first node to start kept.
  expect(a.app.context.push.vapid?.publicKey).toBe(b.app.context.push.vapid?.publicKey);
  const user = new Y.Doc();
  createUserDoc(user, 'u-saigon');
  const start = clock;
  addReminder(user, { id: 'r1', text: 'Họp giao ban lúc 8 giờ', dueAt: start + 60_000, createdAt: start });
  expect(await onB.send('saigon', 'user/u-saigon', Y.encodeStateAsUpdate(user))).toMatchObject({ type: 'ack' });
  await b.app.context.control.caughtUp();
  await a.app.context.control.caughtUp();
  clock = start + 61_000;
  const rounds = await Promise.all([a, b].map((n) => n.app.context.push.pusher?.sendDue()));
  expect(rounds.reduce((n: number, r) => n + (r ?? 0), 0)).toBe(1);
  expect(received.filter((p) => p === '/push/phone')).toHaveLength(1);
  // And not again, on either.
  clock = start + 120_000;
  expect(await Promise.all([a, b].map((n) => n.app.context.push.pusher?.sendDue()))).toEqual([0, 0]);
  expect(received.filter((p) => p === '/push/phone')).toHaveLength(1);
}, 60_000);

it('stores an attachment uploaded through one node and resumed through the other once, for both', async () => {
  const MB = 1024 * 1024;
  const cookie = await a.signIn('benthanh');
  const content = randomBytes(4 * MB + 3);
  const sha = sha256Hex(content);
  let cut = false;
  const first = tusUpload(a.url, cookie, content, {
    chunkSize: MB,
    onChunk: (upload, accepted, total) => {
      if (!cut && accepted >= total / 2) {
        cut = true;
        void upload.abort(false);
      }
    },
  });
  await expect.poll(() => cut).toBe(true);
  // The device comes back through the proxy to node B, with the upload's address.
  const path = new URL(first.upload.url ?? '').pathname;
  const head = await fetch(`${b.url}${path}`, { method: 'HEAD', headers: { cookie, 'tus-resumable': '1.0.0' } });
  const offset = Number(head.headers.get('upload-offset'));
  expect(offset).toBeGreaterThanOrEqual(2 * MB);
  const resumed = await tusUpload(b.url, cookie, content, { uploadUrl: `${b.url}${path}`, chunkSize: MB }).done;
  expect(resumed).toMatchObject({ ok: true, status: 204 });
  for (const node of [a, b]) {
    const response = await fetch(`${node.url}/api/blobs/${sha}`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(sha256Hex(Buffer.from(await response.arrayBuffer()))).toBe(sha);
  }
  // The day's usage counted once, on both nodes.
  const usage = (node: TestServer) =>
    node.app.server.inject({ method: 'GET', url: '/api/attachments/limits', headers: { cookie } });
  const [onA, onB] = [(await usage(a)).json(), (await usage(b)).json()];
  expect(onA.usedToday).toBe(content.length);
  expect(onB).toEqual(onA);
  a.app.server.server.closeAllConnections();
  b.app.server.server.closeAllConnections();
}, 60_000);

it("ends a request still writing an upload on one node when the device's retry reaches the other", async () => {
  const cookie = await a.signIn('benthanh');
  const content = randomBytes(256 * 1024);
  const metadata = [
    ['sha256', sha256Hex(content)],
    ['filename', 'to-trinh.pdf'],
    ['filetype', 'application/pdf'],
  ]
    .map(([key, value]) => `${key} ${Buffer.from(value as string).toString('base64')}`)
    .join(',');
  const tusHeaders = { cookie, 'tus-resumable': '1.0.0' };
  const created = await fetch(`${a.url}/api/uploads/`, {
    method: 'POST',
    headers: { ...tusHeaders, 'upload-length': String(content.length), 'upload-metadata': metadata },
  });
  expect(created.status).toBe(201);
  const path = new URL(created.headers.get('location') ?? '', a.url).pathname;

  // A weak link: the PATCH on node A sends its first 64 KB and then nothing more, still open.
  let ended = false;
  const stalled = request(`${a.url}${path}`, {
    method: 'PATCH',
    headers: { ...tusHeaders, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
  });
  stalled.on('response', (response) => {
    response.resume();
    ended = true;
  });
  stalled.on('error', () => {
    ended = true;
  });
  stalled.write(content.subarray(0, 64 * 1024));
  const offsetOn = async (node: TestServer) =>
    Number((await fetch(`${node.url}${path}`, { method: 'HEAD', headers: tusHeaders })).headers.get('upload-offset'));
  // The device gives up on it and asks node B where the upload stands. The lock both nodes share
  // makes node A end its request first (tus's own lock is one process's: A's request would go on).
  const offset = await offsetOn(b);
  await expect.poll(() => ended, { timeout: 10_000 }).toBe(true);
  expect(offset).toBeLessThanOrEqual(64 * 1024);
  const now = await offsetOn(b);
  const rest = await fetch(`${b.url}${path}`, {
    method: 'PATCH',
    headers: { ...tusHeaders, 'upload-offset': String(now), 'content-type': 'application/offset+octet-stream' },
    body: content.subarray(now),
  });
  expect(rest.status).toBe(204);
  const blob = await fetch(`${a.url}/api/blobs/${sha256Hex(content)}`, { headers: { cookie } });
  expect(blob.status).toBe(200);
  expect(sha256Hex(Buffer.from(await blob.arrayBuffer()))).toBe(sha256Hex(content));
  stalled.destroy();
  a.app.server.server.closeAllConnections();
  b.app.server.server.closeAllConnections();
}, 60_000);
