import { AUTH_IN_FIRST_MESSAGE, DEMO_PASSWORD } from '@thongsuot/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TestCluster } from '../../testing/pg-cluster.ts';
import { TestPeer } from '../../testing/test-peer.ts';
import type { TestServer } from '../../testing/test-server.ts';

// Accounts and sessions across relay nodes (issue 15, docs/scale-out.md): three nodes, each with
// its own SQLite file, share one PostgreSQL schema (docs and the log of their own records) and one
// Redis. A sign-in on one node is a session on every node at once, even on one that missed its
// announcement; a sign-out or an account disabled on one ends the sockets on the others within
// seconds.
const cluster = new TestCluster();
const nodes = cluster.nodes;

beforeAll(async () => {
  // Node C hears no announcement and reads the log only every minute, as a node whose Redis
  // dropped them would: only a request that waits for the log finds new sessions.
  await cluster.start(3, (n, options) =>
    n < 2 || !options.sharedRecords
      ? options
      : { ...options, sharedRecords: { pool: options.sharedRecords.pool, pollMs: 60_000 } },
  );
}, 120_000);

afterAll(() => cluster.stop());

const call = (node: TestServer, method: 'GET' | 'DELETE' | 'POST', url: string, cookie: string, payload?: object) =>
  node.app.server.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

it('a sign-in on one node is a session on the next node the device reaches, at once', async () => {
  const [a, b, c] = nodes as [TestServer, TestServer, TestServer];
  // Every node holds the same city, seeded once.
  const seededCounts = nodes.map((n) => n.app.context.accounts.officials().length);
  expect(new Set(seededCounts).size).toBe(1);
  expect(nodes.filter((n) => n.app.seeded)).toHaveLength(1);
  for (let i = 0; i < 5; i++) {
    const cookie = await a.signIn('benthanh');
    // The very next request goes to another node: B hears of the session through Redis, C not at all.
    const there = await call(i % 2 === 0 ? b : c, 'GET', '/api/session', cookie);
    expect(there.statusCode).toBe(200);
    expect(there.json().user.username).toBe('benthanh');
  }
  // A socket too, with the cookie, and with the token in its first frame (its next frame, sent at
  // once, waits while node C reads the log).
  const cookie = await b.signIn('vanphong');
  const peer = await TestPeer.connect(`${c.url.replace('http', 'ws')}/sync`, { cookie });
  peer.send({ type: 'hello', cursor: 0 });
  await peer.next((m) => m.type === 'manifest');
  peer.close();
  const token = await a.token('chanhvanphong');
  const byMessage = await TestPeer.connect(`${c.url.replace('http', 'ws')}/sync`, {}, [AUTH_IN_FIRST_MESSAGE]);
  byMessage.send({ type: 'auth', token });
  byMessage.send({ type: 'hello', cursor: 0 });
  await byMessage.next((m) => m.type === 'manifest');
  byMessage.close();
  // The token and the next frame in one TCP write: both reach node C in one chunk, and the next
  // frame arrives while C is still reading the log. It was lost (no manifest, ever).
  const together = await TestPeer.connect(`${c.url.replace('http', 'ws')}/sync`, {}, [AUTH_IN_FIRST_MESSAGE]);
  together.sendTogether([
    { type: 'auth', token: await b.token('chanhvanphong') },
    { type: 'hello', cursor: 0 },
  ]);
  await together.next((m) => m.type === 'manifest', 10_000);
  together.close();
}, 60_000);

it('a sign-out on one node ends the device’s socket on another within seconds', async () => {
  const [a, b] = nodes as [TestServer, TestServer];
  const cookie = await a.signIn('benthanh');
  const peer = await TestPeer.connect(`${a.url.replace('http', 'ws')}/sync`, { cookie });
  peer.send({ type: 'hello', cursor: 0 });
  await peer.next((m) => m.type === 'manifest');
  const started = Date.now();
  expect((await call(b, 'DELETE', '/api/session', cookie)).statusCode).toBeLessThan(300);
  const code = await peer.closed();
  const took = Date.now() - started;
  expect(code).toBe(4401);
  expect(took).toBeLessThan(5_000);
  // And the session is refused on every node.
  for (const node of nodes) expect((await call(node, 'GET', '/api/session', cookie)).statusCode).toBe(401);
}, 60_000);

it('an account an administrator locks on one node is closed and refused on another', async () => {
  const [a, b] = nodes as [TestServer, TestServer];
  const admin = await a.signIn('quantri');
  const ward = await b.signIn('saigon');
  const person = a.app.context.accounts.byUsername('saigon');
  expect(person).not.toBeNull();
  const peer = await TestPeer.connect(`${b.url.replace('http', 'ws')}/sync`, { cookie: ward });
  peer.send({ type: 'hello', cursor: 0 });
  await peer.next((m) => m.type === 'manifest');
  const disabled = await call(a, 'POST', `/api/admin/accounts/${person?.id}/disable`, admin);
  expect(disabled.statusCode).toBe(200);
  expect(await peer.closed()).toBe(4401);
  const refused = await b.app.server.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username: 'saigon', password: DEMO_PASSWORD },
  });
  expect(refused.statusCode).toBe(401);
}, 60_000);
