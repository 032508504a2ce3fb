import {
  createTask,
  type Dashboard,
  type Message,
  readDashboard,
  readSyncPayload,
  setAssignmentStatus,
  syncStep1,
  syncUpdate,
} from '@thongsuot/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { changeOf } from '../testing/fixtures.ts';
import { isError, type TestPeer } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';
import { DEFAULT_DASHBOARD_REFRESH_MS } from './dashboard-service.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const REFRESH_MS = 300;

/** A sync frame of one doc. A dashboard is made of the relay's structs alone, like a receipt. */
const isSyncOf =
  (docId: string) =>
  (m: Message): m is Extract<Message, { type: 'sync' }> =>
    m.type === 'sync' && m.docId === docId;

/**
 * Leaders' figures through the relay (docs/design.md §14): `dash/<unitId>` docs written by the
 * relay, delivered live to the unit's members like any doc, following a report within the refresh
 * time, never to another unit, and never written by anyone else.
 */
describe('leaders’ figures as docs the relay writes', () => {
  let server: TestServer;
  let chair: TestPeer;
  let ward: TestPeer;
  let wardLeader: TestPeer;
  let otherWard: TestPeer;
  let ref = 0;
  const task = new Y.Doc();
  const clerkCopy = new Y.Doc();

  beforeAll(async () => {
    server = await new TestServer({ dashboardRefreshMs: REFRESH_MS }).start();
    chair = await server.peer('chutich');
    ward = await server.peer('benthanh.cv');
    wardLeader = await server.peer('benthanh');
    otherWard = await server.peer('saigon');
  });
  afterAll(async () => {
    for (const peer of [chair, ward, wardLeader, otherWard]) peer.close();
    await server.stop();
  });

  async function write(peer: TestPeer, docId: string, update: Uint8Array) {
    const r = ++ref;
    peer.send({ type: 'sync', docId, ref: r, payload: syncUpdate(update) });
    return peer.verdict(r);
  }

  /** Applies the dash doc's frames as they arrive until `done` holds of it; returns the doc read. */
  async function until(peer: TestPeer, docId: string, doc: Y.Doc, done: (d: Dashboard) => boolean): Promise<Dashboard> {
    for (;;) {
      const current = readDashboard(doc);
      if (current && done(current)) return current;
      const frame = await peer.next(isSyncOf(docId), 10_000);
      const payload = readSyncPayload(frame.payload);
      if (payload.kind !== 'step1') Y.applyUpdate(doc, payload.update);
    }
  }

  it('publishes the city’s figures to the chairman and follows a ward’s report within the refresh time', async () => {
    expect(DEFAULT_DASHBOARD_REFRESH_MS).toBeLessThanOrEqual(60_000);
    const made = changeOf(task, (d) =>
      createTask(d, {
        id: 'd1',
        title: 'Rà soát ngập nước',
        issuerId: 'u-chutich',
        issuerUnitId: 'ubnd-tp',
        deadline: '2026-01-10',
        recipients: [
          { id: 'phuong-ben-thanh', kind: 'unit' },
          { id: 'phuong-sai-gon', kind: 'unit' },
        ],
        at: Date.now(),
      }),
    );
    expect((await write(chair, 'task/d1', made)).type).toBe('ack');
    const city = new Y.Doc();
    const first = await until(chair, 'dash/ubnd-tp', city, (d) => d.handed?.figures.total === 2);
    expect(first.handed?.figures.buckets).toEqual({ on_time: 0, late: 0, open: 0, overdue: 2 });
    expect(first.handed?.units.map((u) => u.unitId).sort()).toEqual(['phuong-ben-thanh', 'phuong-sai-gon']);
    expect(first.list('handed', 'phuong-ben-thanh')?.overdue).toEqual(['d1:phuong-ben-thanh']);

    // The ward reports, the chairman confirms: done late (the deadline has passed).
    Y.applyUpdate(clerkCopy, Y.encodeStateAsUpdate(task));
    const reported = changeOf(clerkCopy, (d) =>
      setAssignmentStatus(d, 'phuong-ben-thanh', 'reported', 'u-benthanh-cv', Date.now()),
    );
    expect((await write(ward, 'task/d1', reported)).type).toBe('ack');
    Y.applyUpdate(task, reported);
    const confirmed = changeOf(task, (d) =>
      setAssignmentStatus(d, 'phuong-ben-thanh', 'completed', 'u-chutich', Date.now()),
    );
    const acked = await write(chair, 'task/d1', confirmed);
    expect(acked.type).toBe('ack');
    const ackedAt = Date.now();
    const after = await until(chair, 'dash/ubnd-tp', city, (d) => d.handed?.figures.buckets.late === 1);
    const followedIn = Date.now() - ackedAt;
    expect(after.handed?.figures.buckets).toEqual({ on_time: 0, late: 1, open: 0, overdue: 1 });
    expect(after.handed?.figures.onTimeRate).toBe(0);
    expect(after.computedAt).toBeGreaterThanOrEqual(ackedAt - 1000);
    // One refresh period and a recompute: well within the minute promised.
    expect(followedIn).toBeLessThan(REFRESH_MS + 5_000);

    // The ward's own figures: what it received, to its members.
    const own = await until(
      wardLeader,
      'dash/phuong-ben-thanh',
      new Y.Doc(),
      (d) => d.received?.figures.buckets.late === 1,
    );
    expect(own.received?.figures.buckets.late).toBe(1);
    expect(own.handed).toBeNull();
  });

  it('never lets another unit read a unit’s figures, nor anyone write them', async () => {
    otherWard.send({ type: 'sync', docId: 'dash/ubnd-tp', ref: 0, payload: syncStep1(new Uint8Array([0])) });
    const refused = await otherWard.next(isError);
    expect(refused.code).toBe('not_found');
    // Its own unit's figures it reads.
    otherWard.send({ type: 'sync', docId: 'dash/phuong-sai-gon', ref: 0, payload: syncStep1(new Uint8Array([0])) });
    const own = await otherWard.next(isSyncOf('dash/phuong-sai-gon'));
    const doc = new Y.Doc();
    const payload = readSyncPayload(own.payload);
    if (payload.kind !== 'step1') Y.applyUpdate(doc, payload.update);
    expect(readDashboard(doc)?.received?.figures.total).toBe(1);

    // A forged figure, in its own unit's doc and in a new one: refused with the reason.
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(doc));
    const edit = changeOf(forged, (d) => d.getMap('figures').set('received', { figures: { total: 0 } }));
    const verdict = await write(otherWard, 'dash/phuong-sai-gon', edit);
    expect(verdict).toMatchObject({ type: 'error', code: 'forbidden' });
    const fresh = changeOf(new Y.Doc(), (d) => {
      d.getMap('meta').set('unitId', 'xa-can-gio');
      d.getMap('meta').set('computedAt', Date.now());
    });
    const created = await write(otherWard, 'dash/xa-can-gio', fresh);
    expect(created.type).toBe('error');
    if (created.type === 'error') expect(created.message).toMatch(/[ăâđêôơư]/);
  });
});
