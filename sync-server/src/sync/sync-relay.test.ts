import { readSyncPayload, readTask, setTaskDeadline, syncStep1, syncUpdate } from '@thongsuot/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { newTask } from '../testing/fixtures.ts';
import { isAck, isError, isManifest, isSync } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';

// Each test starts a server (a worker thread, seeded accounts): slow on a busy 2-core machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

describe('sync relay over a real socket and a real SQLite file', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await new TestServer().start();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('acknowledges a new task only once it is stored, and delivers it to the recipient unit at once', async () => {
    const ward = await server.peer('benthanh');
    const other = await server.peer('saigon');
    const office = await server.peer('vanphong');
    const doc = newTask('t1');
    office.send({ type: 'sync', docId: 'task/t1', ref: 7, payload: syncUpdate(Y.encodeStateAsUpdate(doc)) });
    const ack = await office.next(isAck);
    expect(ack).toEqual({ type: 'ack', docId: 'task/t1', refs: [7] });
    expect(await server.app.context.docs.exists('task/t1')).toBe(true);

    const delivered = await ward.next(isSync);
    const payload = readSyncPayload(delivered.payload);
    expect(payload.kind).toBe('step2');
    const copy = new Y.Doc();
    if (payload.kind === 'step2') Y.applyUpdate(copy, payload.update);
    expect(readTask(copy)?.title).toBe('Báo cáo tình hình ngập nước');
    // Another ward is not a recipient and hears nothing.
    await expect(other.next(isSync, 300)).rejects.toThrow('timed out');
    for (const p of [ward, other, office]) p.close();
  });

  it('lists the task in the manifest after a restart and serves it to a fresh device', async () => {
    const office = await server.peer('vanphong');
    office.send({ type: 'sync', docId: 'task/t2', ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(newTask('t2'))) });
    await office.next(isAck);
    office.close();
    await server.restart();

    const ward = await server.peer('benthanh');
    ward.send({ type: 'hello', cursor: 0 });
    const manifest = await ward.next(isManifest);
    // The unit's figures (`dash/…`, docs/design.md §14) are published on the relay's own schedule.
    const tasks = (ids: readonly string[]) => ids.filter((id) => !id.startsWith('dash/'));
    expect(tasks(manifest.docIds)).toEqual(['task/t2']);
    expect(manifest.cursor).toBeGreaterThan(0);
    ward.send({ type: 'sync', docId: 'task/t2', ref: 0, payload: syncStep1(new Uint8Array([0])) });
    const step2 = readSyncPayload(
      (await ward.next((m): m is Extract<typeof m, { type: 'sync' }> => isSync(m) && m.docId === 'task/t2')).payload,
    );
    const copy = new Y.Doc();
    if (step2.kind === 'step2') Y.applyUpdate(copy, step2.update);
    expect(readTask(copy)?.assignments.map((a) => a.recipientId)).toEqual(['phuong-ben-thanh']);

    // Nothing changed since that cursor: the manifest is empty.
    ward.send({ type: 'hello', cursor: manifest.cursor });
    expect(tasks((await ward.next(isManifest)).docIds)).toEqual([]);
    ward.close();
  });

  it('refuses a deadline change by a recipient, stores and relays nothing, and carries on', async () => {
    const office = await server.peer('vanphong');
    const doc = newTask('t3');
    office.send({ type: 'sync', docId: 'task/t3', ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(doc)) });
    await office.next(isAck);

    const ward = await server.peer('benthanh');
    const wardDoc = new Y.Doc();
    Y.applyUpdate(wardDoc, Y.encodeStateAsUpdate(doc));
    const vector = Y.encodeStateVector(wardDoc);
    setTaskDeadline(wardDoc, '2027-01-01', 'u-benthanh', 1_700_000_100_000);
    ward.send({ type: 'sync', docId: 'task/t3', ref: 5, payload: syncUpdate(Y.encodeStateAsUpdate(wardDoc, vector)) });
    const error = await ward.next(isError);
    expect(error).toMatchObject({ docId: 'task/t3', ref: 5, code: 'forbidden' });
    await expect(office.next(isSync, 300)).rejects.toThrow('timed out');
    expect(await server.app.context.docs.loadUpdates('task/t3')).toHaveLength(1);

    // A malformed frame is refused and the connection keeps working.
    ward.sendRaw(new Uint8Array([2, 200, 200, 200]));
    expect((await ward.next(isError)).code).toBe('bad_frame');
    ward.send({ type: 'hello', cursor: 0 });
    expect((await ward.next(isManifest)).docIds).toEqual(['task/t3']);
    ward.close();
    office.close();
  });

  it('refuses an update whose dependencies the server lacks', async () => {
    const office = await server.peer('vanphong');
    const doc = newTask('t4');
    const vector = Y.encodeStateVector(doc);
    setTaskDeadline(doc, '2026-12-20', 'u-vanphong', 1_700_000_200_000);
    // Only the second change, without the creation it builds on.
    office.send({ type: 'sync', docId: 'task/t4', ref: 2, payload: syncUpdate(Y.encodeStateAsUpdate(doc, vector)) });
    expect((await office.next(isError)).code).toBe('missing_dependencies');
    expect(await server.app.context.docs.exists('task/t4')).toBe(false);
    office.close();
  });

  it('checks the session and the Origin before the upgrade', async () => {
    const url = `${server.url.replace('http', 'ws')}/sync`;
    const { TestPeer } = await import('../testing/test-peer.ts');
    await expect(TestPeer.connect(url, {})).rejects.toThrow('401');
    const cookie = await server.signIn('benthanh');
    await expect(TestPeer.connect(url, { cookie, origin: 'https://evil.example' })).rejects.toThrow('403');
    const peer = await TestPeer.connect(url, { cookie, origin: server.url });
    peer.close();
  });

  it('closes the sockets of a session that signs out', async () => {
    const cookie = await server.signIn('benthanh');
    const { TestPeer } = await import('../testing/test-peer.ts');
    const peer = await TestPeer.connect(`${server.url.replace('http', 'ws')}/sync`, { cookie });
    const closed = peer.closed();
    await server.app.server.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } });
    expect(await closed).toBe(4401);
    const me = await server.app.server.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
    expect(me.statusCode).toBe(401);
  });
});
