// A new device's first sync over a weak link, against the real relay (issue 19): the client's
// real sync engine and directory download in Node (fake-indexeddb), every byte through the
// shaping proxy (support/shaped-link.ts). The person's work is asked for, and arrives, before
// the directory's bulk; a connection dropped half-way through the directory costs only the part
// that was on its way.
import 'fake-indexeddb/auto';
import { createTask, decodeMessage, docId } from '@thongsuot/shared';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DIRECTORY_DOWNLOADED_KEY } from '../client/src/directory/directory-keys.ts';
import {
  directoryBeforeSync,
  isDirectoryDoc,
  refreshDirectoryIfStale,
} from '../client/src/directory/directory-refresh.ts';
import { DocRepository } from '../client/src/store/doc-repository.ts';
import { LocalDb } from '../client/src/store/local-db.ts';
import { SyncClient } from '../client/src/sync/sync-client.ts';
import { TestServer } from '../sync-server/src/testing/test-server.ts';
import { NodeDevices, statusWhere, synced } from './support/node-device.ts';
import { ShapedLink } from './support/shaped-link.ts';

const TASKS = 30;
type Entry =
  | { kind: 'subscribe'; docs: string[] }
  | { kind: 'fetch'; path: string; tasksStored: number }
  | { kind: 'directory-done' };

/** The chairman of Bến Thành's new device, on the other side of `link`, as platform.ts starts it. */
async function newDevice(server: TestServer, link: ShapedLink, onFetch?: (path: string, response: Response) => void) {
  const cookie = await server.signIn('benthanh');
  const db = new LocalDb(`weak-link-${Math.random()}`);
  const repository = new DocRepository(db);
  const log: Entry[] = [];
  const fetchImpl = (async (path: string) => {
    log.push({ kind: 'fetch', path: String(path), tasksStored: await db.tasks.count() });
    const response = await fetch(`${link.url}${path}`, { headers: { cookie, 'accept-encoding': 'br, gzip' } });
    onFetch?.(String(path), response);
    return response;
  }) as typeof fetch;
  const sync = new SyncClient({
    url: `${link.url.replace('http', 'ws')}/sync`,
    db,
    repository,
    random: () => 0,
    createSocket: (url) => {
      const socket = new WebSocket(url, { headers: { cookie } });
      const send = socket.send.bind(socket);
      socket.send = ((data: Uint8Array) => {
        const message = decodeMessage(data);
        if (message.type === 'subscribe') log.push({ kind: 'subscribe', docs: message.docs.map((d) => d.docId) });
        send(data);
      }) as typeof socket.send;
      return socket as unknown as globalThis.WebSocket;
    },
    bulkDocs: isDirectoryDoc,
    beforeSync: async (ids) => {
      await directoryBeforeSync(db, ids, fetchImpl);
      log.push({ kind: 'directory-done' });
    },
  });
  void refreshDirectoryIfStale(db, fetchImpl);
  sync.start();
  return {
    db,
    log,
    sync,
    async close() {
      sync.stop();
      repository.destroy();
      db.close();
      await Dexie.delete(db.name);
    },
  };
}

describe('a new device on a weak link', () => {
  let server: TestServer;
  let link: ShapedLink;
  const devices = new NodeDevices();
  const closing: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    server = await new TestServer({ seedDirectory: true }).start();
    // The city's office sends the ward its directives, straight to the relay.
    const office = await devices.open(server, 'vanphong', `office-${Math.random()}`);
    for (let i = 0; i < TASKS; i++) {
      const id = `weak${i}`;
      createTask(await office.repository.open(docId('task', id)), {
        id,
        title: `Chỉ đạo số ${i}: báo cáo tình hình tại phường`,
        issuerId: 'u-vanphong',
        issuerUnitId: 'vp-ubnd',
        deadline: '2026-12-20',
        recipients: [{ id: 'phuong-ben-thanh', kind: 'unit' }],
        at: 1,
      });
    }
    office.sync.start();
    await statusWhere(office.sync, synced);
    // 2 Mbps, 40 ms: slow enough that the order shows, quick enough for a test.
    link = await new ShapedLink(server.port, {
      name: 'test',
      downKbps: 2_000,
      upKbps: 2_000,
      rttMs: 40,
      loss: 0,
    }).start();
  });
  afterEach(async () => {
    for (const close of closing.splice(0)) await close();
    await devices.closeAll();
    await link.stop();
    await server.stop();
  });

  it('asks for its own work first, and the directory after the work has arrived', async () => {
    const device = await newDevice(server, link);
    closing.push(device.close);
    await statusWhere(device.sync, synced, 60_000);
    const { log } = device;
    const subscribes = log.filter((e) => e.kind === 'subscribe');
    const first = subscribes[0];
    // The first request is the person's work: directives (no user doc yet on a new server).
    if (first?.kind !== 'subscribe') throw new Error('no subscribe');
    expect(first.docs[0]?.startsWith('task/')).toBe(true);
    expect(first.docs.filter((d) => d.startsWith('task/'))).toHaveLength(TASKS);
    // Every task is asked for before any unit page.
    const lastTask = log.findLastIndex((e) => e.kind === 'subscribe' && e.docs.some((d) => d.startsWith('task/')));
    const firstUnit = log.findIndex((e) => e.kind === 'subscribe' && e.docs.some(isDirectoryDoc));
    expect(lastTask).toBeGreaterThanOrEqual(0);
    // The unit pages the download did not bring (none, or edits since) only after it is done.
    if (firstUnit >= 0) expect(firstUnit).toBeGreaterThan(log.findIndex((e) => e.kind === 'directory-done'));
    // Only `mine` (the leadership and the ward) goes before the work is on the device.
    const fetches = log.filter((e) => e.kind === 'fetch');
    expect(fetches[0]).toMatchObject({ path: '/api/directory/parts/mine' });
    const bulk = fetches.filter((e) => e.path !== '/api/directory/parts/mine');
    expect(bulk.length).toBeGreaterThan(2);
    for (const fetched of bulk) expect(fetched.tasksStored).toBe(TASKS);
    // And all of it arrived: every unit and person of the city, the ward's tasks.
    expect(await device.db.getMeta(DIRECTORY_DOWNLOADED_KEY)).toBeGreaterThan(0);
    expect(await device.db.units.count()).toBe(189);
    expect(await device.db.officials.count()).toBe(server.app.context.accounts.officials().length);
    expect(await device.db.tasks.count()).toBe(TASKS);
  });

  it('keeps the parts it had when the connection drops half-way through the directory', async () => {
    let parts = 0;
    let cutAt = '';
    const index = await (async () => {
      const cookie = await server.signIn('benthanh');
      const response = await fetch(`${server.url}/api/directory/parts`, { headers: { cookie } });
      return (await response.json()) as { parts: { id: string }[] };
    })();
    const half = Math.ceil(index.parts.length / 2);
    const device = await newDevice(server, link, (path, response) => {
      if (!path.startsWith('/api/directory/parts/p') || !response.ok) return;
      parts += 1;
      // The signal goes while the half-way part is on its way (its headers are here, its body not).
      if (parts === half) {
        cutAt = path;
        link.cut();
      }
    });
    closing.push(device.close);
    await statusWhere(device.sync, synced, 60_000);
    const asked = device.log.flatMap((e) => (e.kind === 'fetch' ? [e.path] : []));
    const times = (path: string) => asked.filter((p) => p === path).length;
    expect(cutAt).not.toBe('');
    // The parts on their way when it dropped (two go at a time) are asked for again; none
    // stored before the drop is.
    expect(times(cutAt)).toBe(2);
    const again = index.parts.map((p) => `/api/directory/parts/${p.id}`).filter((path) => times(path) > 1);
    expect(again).toContain(cutAt);
    expect(again.length).toBeLessThanOrEqual(2);
    for (const part of index.parts) expect(times(`/api/directory/parts/${part.id}`)).toBeGreaterThanOrEqual(1);
    expect(times('/api/directory/parts/mine')).toBe(1);
    expect(await device.db.units.count()).toBe(189);
    expect(await device.db.officials.count()).toBe(server.app.context.accounts.officials().length);
    expect(await device.db.tasks.count()).toBe(TASKS);
  });
});
