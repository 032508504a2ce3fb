// A relay node killed (SIGKILL) while devices write through it (issue 15, docs/scale-out.md).
// Three relay nodes, each a process of its own, share one PostgreSQL schema and one Redis
// channel; a TCP proxy in front sends each new connection to the first node that accepts it,
// with no stickiness. The office writes directives through the proxy (so to node A) while the
// ward, on node C, comments on one of them; node A is killed with writes in flight. The devices
// are the client's real sync engine (Node, fake-indexeddb): the office's next connection goes to
// node B, it sends again what was not acknowledged, and nothing acknowledged is lost.
import 'fake-indexeddb/auto';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addTaskComment, docId, readTask, setTaskDeadline } from '@thongsuot/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openPool } from '../sync-server/src/storage/pg/pg-database.ts';
import { PgDocStore } from '../sync-server/src/storage/pg/pg-doc-store.ts';
import { TestSchemas } from '../sync-server/src/testing/pg-schemas.ts';
import { FailoverProxy } from './support/failover-proxy.ts';
import { directiveToWard, NodeDevices, statusWhere, synced } from './support/node-device.ts';

const SERVER_DIR = fileURLToPath(new URL('../sync-server/', import.meta.url));
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const schemas = new TestSchemas();
const devices = new NodeDevices();
const dirs: string[] = [];
const nodes: { child: ChildProcess; port: number }[] = [];
const tokens = { office: randomBytes(24).toString('base64url'), ward: randomBytes(24).toString('base64url') };
let proxy: FailoverProxy;
let store: PgDocStore;
/** The office's stream of directives, stopped before the devices close even if the test failed. */
let writing = false;
let writer: Promise<void> = Promise.resolve();

function startNode(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'thongsuot-node-'));
  dirs.push(dir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/testing/pg-node.ts'], {
    cwd: SERVER_DIR,
    env: { ...process.env, ...env, NODE_DIR: dir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /ready (\d+)/.exec(out);
      if (ready) resolve({ child, port: Number(ready[1]) });
    });
    child.once('exit', (code) => reject(new Error(`relay node exited with ${code} before it was ready`)));
  });
}

beforeAll(async () => {
  const pg = await schemas.fresh();
  const env = {
    NODE_PG_URL: pg.url,
    NODE_PG_SCHEMA: pg.schema ?? 'public',
    NODE_REDIS_URL: REDIS_URL,
    NODE_REDIS_CHANNEL: `thongsuot:test:${randomBytes(4).toString('hex')}`,
    NODE_SESSIONS: JSON.stringify([
      [tokens.office, 'vanphong'],
      [tokens.ward, 'benthanh'],
    ]),
  };
  // One after another: each seeds its own accounts (the documents are shared).
  for (let n = 0; n < 3; n++) nodes.push(await startNode(env));
  proxy = await new FailoverProxy(nodes.map((n) => n.port)).start();
  store = new PgDocStore(openPool(pg));
}, 120_000);

afterAll(async () => {
  writing = false;
  await writer.catch(() => undefined);
  await devices.closeAll();
  await proxy?.stop();
  for (const { child } of nodes) child.kill('SIGKILL');
  await store?.close();
  await schemas.dropAll();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const cookie = (token: string) => `ts_session=${token}`;
const wsUrl = (base: string) => `${base.replace('http', 'ws')}/sync`;

it('loses nothing acknowledged when the node devices write through is killed; they carry on on another', async () => {
  const [a, , c] = nodes as [(typeof nodes)[0], (typeof nodes)[0], (typeof nodes)[0]];
  const office = devices.openAt(wsUrl(proxy.url), cookie(tokens.office), `office-${Math.random()}`);
  const ward = devices.openAt(wsUrl(`http://127.0.0.1:${c.port}`), cookie(tokens.ward), `ward-${Math.random()}`);
  office.sync.start();
  ward.sync.start();
  const first = await office.repository.open(docId('task', 'k0'));
  directiveToWard(first, 'k0', 'Chỉ thị 0');
  await statusWhere(office.sync, synced, 30_000);
  expect(new Set(proxy.routed)).toEqual(new Set([a.port]));
  await statusWhere(ward.sync, synced, 30_000);

  // The office writes a directive every 15 ms. Once ten are stored, node A is killed mid-stream.
  const written: string[] = ['k0'];
  writing = true;
  writer = (async () => {
    for (let n = 1; writing; n++) {
      const id = `k${n}`;
      directiveToWard(await office.repository.open(docId('task', id)), id, `Chỉ thị ${n}`);
      written.push(id);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  })();
  // Counted from the task rows themselves: a directive just made may have no row or outbox entry
  // yet, so "written minus pending" would count it as acknowledged. One more than needed, since
  // the deadline below puts k0 back in the outbox.
  const acknowledgedNow = async () => (await office.db.tasks.toArray()).filter((row) => row.waiting === 0).length;
  await expect.poll(acknowledgedNow, { timeout: 20_000 }).toBeGreaterThanOrEqual(11);
  // Meanwhile the ward, on node C, comments on the first directive and the office moves its deadline.
  const wardCopy = await ward.repository.open(docId('task', 'k0'));
  await expect.poll(() => readTask(wardCopy)?.title, { timeout: 20_000 }).toBe('Chỉ thị 0');
  addTaskComment(wardCopy, { id: 'c-ward', by: 'u-benthanh', at: Date.now(), text: 'Phường đã nhận' });
  setTaskDeadline(first, '2026-12-24', 'u-vanphong', Date.now());

  // What the office shows as saved on the server at the kill: a task row with nothing waiting in
  // the outbox (both are written in one IndexedDB transaction, so neither runs ahead).
  const rows = await office.db.tasks.toArray();
  const acknowledged = rows.filter((row) => row.waiting === 0).map((row) => row.docId);
  const inFlight = rows.filter((row) => (row.waiting ?? 0) > 0).length;
  const routedBefore = proxy.routed.length;
  a.child.kill('SIGKILL');
  expect(inFlight).toBeGreaterThan(0);
  expect(acknowledged.length).toBeGreaterThanOrEqual(10);
  for (const id of acknowledged) expect(await store.exists(id), id).toBe(true);

  // Writing goes on through the outage; then the office settles on another node.
  await new Promise((resolve) => setTimeout(resolve, 500));
  writing = false;
  await writer;
  await statusWhere(office.sync, synced, 60_000);
  const after = proxy.routed.slice(routedBefore);
  expect(after.length).toBeGreaterThan(0);
  expect(after.every((port) => port !== a.port)).toBe(true);
  console.log(
    `node kill: ${written.length} directives written, ${acknowledged.length} acknowledged and ${inFlight} waiting at the kill; reconnected to ${after.length === 1 ? 'node' : 'nodes'} ${[...new Set(after)].map((p) => nodes.findIndex((n) => n.port === p)).join(', ')} (0 = A)`,
  );
  expect(await office.db.outbox.count()).toBe(0);

  // Every directive is stored once, whole, and reaches the ward on node C; both edits of k0 too.
  for (const [n, id] of written.entries()) {
    const doc = new Y.Doc();
    for (const update of await store.loadUpdates(docId('task', id))) Y.applyUpdate(doc, update);
    expect(readTask(doc)?.title, id).toBe(`Chỉ thị ${n}`);
  }
  await statusWhere(ward.sync, synced, 30_000);
  for (const [n, id] of written.entries()) {
    const copy = await ward.repository.open(docId('task', id));
    await expect.poll(() => readTask(copy)?.title, { timeout: 20_000 }).toBe(`Chỉ thị ${n}`);
  }
  await expect
    .poll(() => readTask(first)?.comments.map((m) => m.text), { timeout: 20_000 })
    .toEqual(['Phường đã nhận']);
  await expect.poll(() => readTask(wardCopy)?.deadline, { timeout: 20_000 }).toBe('2026-12-24');
}, 180_000);
