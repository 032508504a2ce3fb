// A locked account on a device (issue 16 item 2): the client's real sync engine and session check
// in Node against the real relay. When an administrator locks the account, the device learns it is
// locked (not signed out), keeps its data and its outbox, and sends the outbox once the account is
// unlocked and the person signs in again.
import 'fake-indexeddb/auto';
import { createTask, docId } from '@thongsuot/shared';
import { afterEach, beforeEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import type * as Y from 'yjs';
import { sessionStillValid } from '../client/src/session/session.ts';
import { owedStep } from '../client/src/session/session-check.ts';
import { DocRepository } from '../client/src/store/doc-repository.ts';
import { LocalDb } from '../client/src/store/local-db.ts';
import { SyncClient } from '../client/src/sync/sync-client.ts';
import { TestServer } from '../sync-server/src/testing/test-server.ts';
import { statusWhere, synced } from './support/node-device.ts';

let server: TestServer;
let db: LocalDb;
let sync: SyncClient | null = null;
const realFetch = globalThis.fetch;

beforeEach(async () => {
  server = await new TestServer({ sessionCheckMs: 100 }).start();
  db = new LocalDb('locked-account-u-vanphong');
});
afterEach(async () => {
  sync?.stop();
  globalThis.fetch = realFetch;
  db.close();
  await server.stop();
});

function assign(doc: Y.Doc, id: string): void {
  createTask(doc, {
    id,
    title: 'Tổng hợp báo cáo tuần',
    issuerId: 'u-vanphong',
    issuerUnitId: 'vp-ubnd',
    deadline: '2026-12-20',
    recipients: [{ id: 'phuong-ben-thanh', kind: 'unit' }],
    at: 1,
  });
}

it('says "locked" rather than "signed out", keeps the outbox, and sends it after the account is unlocked and signed in again', async () => {
  let cookie = await server.signIn('vanphong');
  // The page's fetch: same-origin URLs, the browser's cookie jar.
  globalThis.fetch = (input, init) =>
    realFetch(new URL(String(input), server.url), { ...init, headers: { ...init?.headers, cookie } });
  const repository = new DocRepository(db);
  sync = new SyncClient({
    url: server.wsUrl,
    db,
    repository,
    random: () => 0,
    sessionValid: sessionStillValid,
    createSocket: (url) => new WebSocket(url, { headers: { cookie } }) as unknown as globalThis.WebSocket,
  });
  sync.start();
  await statusWhere(sync, synced);

  // An administrator locks the account: the session watch closes the socket (4401).
  server.app.context.accounts.setDisabled('u-vanphong', true);
  await statusWhere(sync, (s) => s.connectivity === 'signed_out');
  expect(owedStep()).toEqual({ step: 'locked' });

  // Work done meanwhile stays on the device.
  const id = docId('task', 'weekly');
  assign(await repository.open(id), 'weekly');
  await repository.flushed();
  expect(await db.outbox.count()).toBe(1);
  expect(sync.status.pending).toBe(1);
  expect(await server.app.context.docs.exists(id)).toBe(false);

  // A session that merely ended is told apart: 401, nothing owed.
  await server.app.server.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } });
  server.app.context.accounts.setDisabled('u-vanphong', false);
  expect(await sessionStillValid()).toBe(false);
  expect(owedStep()).toBeNull();

  // Unlocked and signed in again: the outbox goes out.
  cookie = await server.signIn('vanphong');
  sync.syncNow();
  await statusWhere(sync, synced);
  expect(await db.outbox.count()).toBe(0);
  expect(await server.app.context.docs.exists(id)).toBe(true);
  repository.destroy();
});
