import { createECDH, createPublicKey, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addReminder, createUserDoc, syncUpdate, updateReminder } from '@thongsuot/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { changeOf } from '../testing/fixtures.ts';
import type { TestPeer } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

/**
 * Reminders pushed while the app is closed (docs/design.md §16), through the real relay: a
 * device subscribes over HTTP, its person writes reminders over the sync socket, and a local
 * HTTP server stands in for the browser vendor's push service (the one outside part). The
 * relay's clock is injected and each round is run by hand, as its timer would.
 */
interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

let clock = Date.now();
let server: TestServer;
let receiver: Server;
let receiverUrl = '';
const received: Received[] = [];
/** What the stand-in push service answers, by path (201 when unset). */
const answers = new Map<string, number>();
let saigon: TestPeer;
let saigonCookie = '';
let benthanhCookie = '';
let nextRef = 1;
const userDoc = new Y.Doc();

/** A browser's subscription keys: its P-256 public key and a 16-byte auth secret. */
function browserKeys() {
  const ecdh = createECDH('prime256v1');
  return { p256dh: ecdh.generateKeys().toString('base64url'), auth: randomBytes(16).toString('base64url') };
}

async function api(method: string, url: string, cookie: string, payload?: unknown) {
  return server.app.server.inject({
    method: method as 'GET',
    url,
    headers: cookie ? { cookie } : {},
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
}

async function write(edit: (doc: Y.Doc) => void): Promise<void> {
  const ref = nextRef++;
  saigon.send({ type: 'sync', docId: 'user/u-saigon', ref, payload: syncUpdate(changeOf(userDoc, edit)) });
  expect(await saigon.verdict(ref)).toMatchObject({ type: 'ack' });
}

/** One round of the relay's pusher at `at`, returning the requests the push service got. */
async function roundAt(at: number): Promise<Received[]> {
  clock = at;
  const before = received.length;
  await server.app.context.push.pusher?.sendDue();
  return received.slice(before);
}

const pushed = () => server.app.context.push.store;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const path = request.url ?? '';
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks) });
      response.statusCode = answers.get(path) ?? 201;
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  server = await new TestServer({
    now: () => clock,
    // The timer stays out of the way: each round is run by the test.
    push: { allowLoopbackHttp: true, intervalMs: 3_600_000, maxPerPerson: 3 },
  }).start();
  saigonCookie = await server.signIn('saigon');
  benthanhCookie = await server.signIn('benthanh');
  saigon = await server.peer('saigon');
  await write((doc) => createUserDoc(doc, 'u-saigon'));
});

afterAll(async () => {
  saigon?.close();
  await server?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('the subscription routes', () => {
  it('serve the public key only to a signed-in person', async () => {
    expect((await api('GET', '/api/push/key', '')).statusCode).toBe(401);
    const answer = await api('GET', '/api/push/key', saigonCookie);
    expect(answer.statusCode).toBe(200);
    expect(Buffer.from(answer.json().publicKey, 'base64url')).toHaveLength(65);
  });

  it('refuse endpoints that are not https on a push service, bad keys and oversized bodies', async () => {
    const keys = browserKeys();
    const refused = async (body: unknown) => {
      const answer = await api('PUT', '/api/push/subscription', saigonCookie, body);
      expect(answer.statusCode, JSON.stringify(body).slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(answer.statusCode).toBeLessThan(500);
      return answer;
    };
    const plain = await refused({ endpoint: 'http://fcm.googleapis.com/fcm/send/x', keys });
    expect(plain.json()).toMatchObject({ error: 'invalid_subscription', message: expect.stringContaining('https') });
    await refused({ endpoint: 'https://intranet.city.gov.vn/admin', keys });
    await refused({ endpoint: 'https://user:pw@fcm.googleapis.com/fcm/send/x', keys });
    await refused({ endpoint: `${receiverUrl.replace('127.0.0.1', '10.0.0.1')}/x`, keys });
    await refused({ endpoint: `${receiverUrl}/x`, keys: { ...keys, p256dh: keys.auth } });
    await refused({ endpoint: `${receiverUrl}/x`, keys: { ...keys, auth: 'AAAA' } });
    await refused({ endpoint: `${receiverUrl}/${'x'.repeat(1100)}`, keys });
    await refused({ endpoint: `${receiverUrl}/x`, keys, padding: 'x'.repeat(5000) });
    expect((await api('PUT', '/api/push/subscription', '', { endpoint: `${receiverUrl}/x`, keys })).statusCode).toBe(
      401,
    );
    expect(pushed().subscriptionsOf('u-saigon')).toEqual([]);
    // A real FCM endpoint is accepted (and removed again).
    const fcm = { endpoint: 'https://fcm.googleapis.com/fcm/send/abc:APA91b', keys };
    expect((await api('PUT', '/api/push/subscription', saigonCookie, fcm)).statusCode).toBe(204);
    expect((await api('DELETE', '/api/push/subscription', saigonCookie, { endpoint: fcm.endpoint })).statusCode).toBe(
      204,
    );
    expect(pushed().subscriptionsOf('u-saigon')).toEqual([]);
  });

  it('keep an endpoint its person’s: another may neither take it over, change its keys nor remove it', async () => {
    const endpoint = `${receiverUrl}/push/owned`;
    const keys = browserKeys();
    expect((await api('PUT', '/api/push/subscription', saigonCookie, { endpoint, keys })).statusCode).toBe(204);
    const taken = await api('PUT', '/api/push/subscription', benthanhCookie, { endpoint, keys: browserKeys() });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().message).toMatch(/tài khoản khác/);
    expect((await api('DELETE', '/api/push/subscription', benthanhCookie, { endpoint })).statusCode).toBe(204);
    expect(pushed().subscriptionsOf('u-saigon')).toEqual([{ endpoint, personId: 'u-saigon', ...keys }]);
    expect(pushed().subscriptionsOf('u-benthanh')).toEqual([]);
    // Its own person may renew the keys and remove it.
    const renewed = browserKeys();
    expect((await api('PUT', '/api/push/subscription', saigonCookie, { endpoint, keys: renewed })).statusCode).toBe(
      204,
    );
    expect(pushed().subscriptionsOf('u-saigon')).toEqual([{ endpoint, personId: 'u-saigon', ...renewed }]);
    expect((await api('DELETE', '/api/push/subscription', saigonCookie, { endpoint })).statusCode).toBe(204);
    expect(pushed().subscriptionsOf('u-saigon')).toEqual([]);
  });

  it('keep at most N subscriptions per person, the ones seen most recently', async () => {
    for (const [i, name] of ['a', 'b', 'c', 'd'].entries()) {
      clock += i;
      const body = { endpoint: `${receiverUrl}/push/cap-${name}`, keys: browserKeys() };
      expect((await api('PUT', '/api/push/subscription', saigonCookie, body)).statusCode).toBe(204);
    }
    const kept = pushed()
      .subscriptionsOf('u-saigon')
      .map((s) => s.endpoint.slice(-1))
      .sort();
    expect(kept).toEqual(['b', 'c', 'd']);
    for (const name of kept) {
      await api('DELETE', '/api/push/subscription', saigonCookie, { endpoint: `${receiverUrl}/push/cap-${name}` });
    }
  });
});

describe('a reminder falling due', () => {
  const endpoint = () => `${receiverUrl}/push/phone`;
  let publicKey = '';

  beforeAll(async () => {
    publicKey = (await api('GET', '/api/push/key', saigonCookie)).json().publicKey;
    const body = { endpoint: endpoint(), keys: browserKeys() };
    expect((await api('PUT', '/api/push/subscription', saigonCookie, body)).statusCode).toBe(204);
  });

  it('wakes the device once, with a VAPID-signed push that carries nothing', async () => {
    const start = clock;
    await write((doc) =>
      addReminder(doc, { id: 'r1', text: 'Họp giao ban lúc 8 giờ', dueAt: start + 60_000, createdAt: start }),
    );
    // The relay keeps when, never what.
    const rows = server.app.context.push.store;
    expect(await rows.due(start + 60_000, start, 10)).toEqual([
      { personId: 'u-saigon', reminderId: 'r1', dueAt: start + 60_000 },
    ]);
    expect(await roundAt(start + 59_000)).toEqual([]);

    const requests = await roundAt(start + 61_000);
    expect(requests).toHaveLength(1);
    const [push] = requests as [Received];
    expect(push.path).toBe('/push/phone');
    expect(push.body).toHaveLength(0);
    expect(push.headers['content-encoding']).toBeUndefined();
    expect(push.headers.ttl).toBe('3600');
    expect(push.headers.urgency).toBe('high');
    const match = /^vapid t=([^,\s]+), k=([A-Za-z0-9_-]+)$/.exec(push.headers.authorization ?? '');
    expect(match, push.headers.authorization).not.toBeNull();
    const [, jwt = '', key = ''] = match ?? [];
    expect(key).toBe(publicKey);
    const [header = '', claims = '', signature = ''] = jwt.split('.');
    const point = Buffer.from(publicKey, 'base64url');
    const verifier = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: point.subarray(1, 33).toString('base64url'),
        y: point.subarray(33).toString('base64url'),
      },
      format: 'jwk',
    });
    const signed = Buffer.from(`${header}.${claims}`);
    const valid = verify(
      'sha256',
      signed,
      { key: verifier, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    );
    expect(valid).toBe(true);
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({ alg: 'ES256', typ: 'JWT' });
    const payload = JSON.parse(Buffer.from(claims, 'base64url').toString());
    expect(payload.aud).toBe(new URL(endpoint()).origin);
    expect(payload.sub).toMatch(/^mailto:|^https:/);
    expect(payload.exp * 1000).toBeGreaterThan(Date.now());
    // A forged signature does not verify against the same key.
    const forged = Buffer.from(`${header}.${Buffer.from('{"aud":"x"}').toString('base64url')}`);
    expect(
      verify('sha256', forged, { key: verifier, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url')),
    ).toBe(false);

    // Once: later rounds send nothing more for it.
    expect(await roundAt(start + 75_000)).toEqual([]);
  });

  it('pushes a snoozed reminder at its new time, and a reminder done not at all', async () => {
    const start = clock;
    await write((doc) => {
      addReminder(doc, { id: 'r2', text: 'Gọi phường', dueAt: start + 120_000, createdAt: start });
      addReminder(doc, { id: 'r3', text: 'Nộp báo cáo', dueAt: start + 130_000, createdAt: start });
    });
    await write((doc) => {
      updateReminder(doc, 'r2', { dueAt: start + 600_000 });
      updateReminder(doc, 'r3', { done: true });
    });
    expect(await roundAt(start + 140_000)).toEqual([]);
    expect(await roundAt(start + 601_000)).toHaveLength(1);
    expect(await roundAt(start + 602_000)).toEqual([]);
    // Snoozed again after it rang: its new due time is pushed once more.
    await write((doc) => updateReminder(doc, 'r2', { dueAt: start + 900_000 }));
    expect(await roundAt(start + 901_000)).toHaveLength(1);
  });

  it('does not push a reminder more than an hour late: the device rings it at the next start', async () => {
    const start = clock;
    await write((doc) => addReminder(doc, { id: 'r4', text: 'Cũ', dueAt: start + 1_000, createdAt: start }));
    expect(await roundAt(start + 1_000 + 3_600_000 + 1)).toEqual([]);
  });

  it('forgets a subscription the push service says is gone (410)', async () => {
    const start = clock;
    answers.set('/push/phone', 410);
    await write((doc) => addReminder(doc, { id: 'r5', text: 'Ký văn bản', dueAt: start + 1_000, createdAt: start }));
    expect(await roundAt(start + 2_000)).toHaveLength(1);
    expect(pushed().subscriptionsOf('u-saigon')).toEqual([]);
    await write((doc) => addReminder(doc, { id: 'r6', text: 'Nữa', dueAt: start + 3_000, createdAt: start }));
    expect(await roundAt(start + 4_000)).toEqual([]);
  });
});

describe('with push turned off', () => {
  it('serves no key, takes no subscription and sends nothing', async () => {
    const off = await new TestServer({ push: { enabled: false } }).start();
    try {
      const cookie = await off.signIn('saigon');
      const key = await off.app.server.inject({ method: 'GET', url: '/api/push/key', headers: { cookie } });
      expect(key.statusCode).toBe(404);
      expect(key.json()).toMatchObject({ error: 'push_off', message: expect.stringContaining('Máy chủ') });
      const put = await off.app.server.inject({
        method: 'PUT',
        url: '/api/push/subscription',
        headers: { cookie },
        payload: { endpoint: 'https://fcm.googleapis.com/fcm/send/x', keys: browserKeys() },
      });
      expect(put.statusCode).toBe(404);
      expect(off.app.context.push.pusher).toBeNull();
    } finally {
      await off.stop();
    }
  });
});
