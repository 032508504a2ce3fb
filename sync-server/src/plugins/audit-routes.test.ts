import { decideExtension, requestExtension, setAssignmentStatus, syncUpdate } from '@thongsuot/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { AuditRow } from '../audit/audit-query.ts';
import { newTask } from '../testing/fixtures.ts';
import { TestServer } from '../testing/test-server.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const DAY = 86_400_000;

describe('the audit log viewer (docs/operations.md "Audit log")', () => {
  let clock = Date.UTC(2026, 10, 30, 2, 0, 0);
  let server: TestServer;
  let admin: string;
  let inspector: string;

  const audit = async (cookie: string, query: Record<string, string | number> = {}) => {
    const qs = new URLSearchParams(Object.entries(query).map(([k, val]): [string, string] => [k, String(val)]));
    const response = await server.app.server.inject({ method: 'GET', url: `/api/audit?${qs}`, headers: { cookie } });
    return {
      status: response.statusCode,
      body: response.json() as { rows: AuditRow[]; more: boolean; retentionDays: number },
    };
  };

  beforeAll(async () => {
    // The clock moves 91 days on: the administrator's two-step grace period (14 days) must outlast it.
    server = await new TestServer({ now: () => clock, auditRetentionDays: 90, totpGraceDays: 365 }).start();
    admin = await server.signIn('quantri');
    inspector = await server.signIn('thanhtra');
    // A failed sign-in, an assignment and a write the rules refuse.
    const failed = await server.app.server.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'benthanh', password: 'sai mật khẩu' },
    });
    expect(failed.statusCode).toBe(401);
    const office = await server.peer('vanphong');
    const task = newTask('a1');
    office.send({ type: 'sync', docId: 'task/a1', ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(task)) });
    expect(await office.verdict(1)).toMatchObject({ type: 'ack' });
    const ward = await server.peer('benthanh');
    const forged = newTask('a2', 'phuong-sai-gon');
    ward.send({ type: 'sync', docId: 'task/a2', ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(forged)) });
    expect(await ward.verdict(1)).toMatchObject({ type: 'error', code: 'forbidden' });
    // The ward works on it and asks for more time; the office refuses. Each writes from its own replica.
    const wardCopy = new Y.Doc();
    Y.applyUpdate(wardCopy, Y.encodeStateAsUpdate(task));
    const write = async (peer: typeof office, mine: Y.Doc, other: Y.Doc, ref: number, change: (doc: Y.Doc) => void) => {
      const before = Y.encodeStateVector(mine);
      change(mine);
      const update = Y.encodeStateAsUpdate(mine, before);
      Y.applyUpdate(other, update);
      peer.send({ type: 'sync', docId: 'task/a1', ref, payload: syncUpdate(update) });
      const verdict = await peer.verdict(ref);
      expect(verdict, JSON.stringify(verdict)).toMatchObject({ type: 'ack' });
    };
    await write(ward, wardCopy, task, 2, (d) =>
      setAssignmentStatus(d, 'phuong-ben-thanh', 'in_progress', 'u-benthanh', clock),
    );
    await write(ward, wardCopy, task, 3, (d) =>
      requestExtension(d, {
        id: 'x1',
        recipientId: 'phuong-ben-thanh',
        by: 'u-benthanh',
        at: clock,
        proposedDeadline: '2026-12-20',
        reason: 'Chờ số liệu của tổ dân phố',
      }),
    );
    await write(office, task, wardCopy, 2, (d) =>
      decideExtension(d, 'x1', { outcome: 'rejected', by: 'u-vanphong', at: clock, reason: 'Cần báo cáo đúng hạn' }),
    );
    office.close();
    ward.close();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers 401 to nobody and 403 to an official who is neither administrator nor inspector', async () => {
    expect((await audit('')).status).toBe(401);
    expect((await audit(await server.signIn('chutich'))).status).toBe(403);
    expect((await audit(inspector)).status).toBe(200);
  });

  it('covers sign-ins, failed sign-ins, assignments and refused writes, newest first', async () => {
    const { status, body } = await audit(admin);
    expect(status).toBe(200);
    const actions = body.rows.map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(['session.start', 'session.refused', 'task.assign', 'write.refused']),
    );
    const ids = body.rows.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const assign = body.rows.find((r) => r.action === 'task.assign');
    expect(assign).toMatchObject({
      actorId: 'u-vanphong',
      actorUsername: 'vanphong',
      unitId: 'vp-ubnd',
      unitName: 'Văn phòng Ủy ban nhân dân Thành phố',
      docId: 'task/a1',
      detail: 'phuong-ben-thanh',
    });
    expect(body.rows.find((r) => r.action === 'write.refused')).toMatchObject({
      actorId: 'u-benthanh',
      docId: 'task/a2',
    });
    expect(body.retentionDays).toBe(90);
  });

  it('filters by person (id or username), unit, document, action family and time', async () => {
    const byName = await audit(admin, { person: 'benthanh' });
    expect(byName.body.rows.length).toBeGreaterThan(0);
    expect(byName.body.rows.every((r) => r.actorId === 'u-benthanh')).toBe(true);
    const byUnit = await audit(admin, { unitId: 'vp-ubnd' });
    expect(new Set(byUnit.body.rows.map((r) => r.unitId))).toEqual(new Set(['vp-ubnd']));
    expect(byUnit.body.rows.map((r) => r.actorId)).toEqual(expect.arrayContaining(['u-vanphong', 'u-quantri']));
    const byDoc = await audit(admin, { docId: 'task/a1' });
    expect(byDoc.body.rows.map((r) => r.action)).toEqual([
      'task.extension.rejected',
      'task.extension.request',
      'task.status.in_progress',
      'task.assign',
    ]);
    const tasks = await audit(admin, { docId: 'task/' });
    expect(new Set(tasks.body.rows.map((r) => r.docId))).toEqual(new Set(['task/a1', 'task/a2']));
    const sessions = await audit(admin, { action: 'session.' });
    expect(sessions.body.rows.length).toBeGreaterThanOrEqual(3);
    expect(sessions.body.rows.every((r) => r.action.startsWith('session.'))).toBe(true);
    expect((await audit(admin, { action: 'session.refused' })).body.rows).toHaveLength(1);
    // Time: nothing happened before the clock's start, everything within it.
    expect((await audit(admin, { to: clock - 1 })).body.rows).toHaveLength(0);
    expect((await audit(admin, { from: clock - 1, action: 'task.assign' })).body.rows).toHaveLength(1);
  });

  it('pages by id without losing or repeating a line', async () => {
    const all = (await audit(admin, { limit: 1000 })).body.rows.map((r) => r.id);
    const paged: number[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await audit(admin, { limit: 2, ...(before ? { before } : {}) });
      paged.push(...page.body.rows.map((r) => r.id));
      if (!page.body.more) break;
      before = page.body.rows.at(-1)?.id;
    }
    // Reading the log is logged too: lines newer than `all` may precede it, never inside it.
    expect(paged.filter((id) => id <= (all[0] ?? 0))).toEqual(all);
  });

  it('records who read the log, with the filter', async () => {
    await audit(inspector, { person: 'benthanh' });
    const views = await audit(admin, { action: 'audit.view', person: 'thanhtra' });
    expect(views.body.rows[0]).toMatchObject({ actorId: 'u-thanhtra', detail: JSON.stringify({ person: 'benthanh' }) });
  });

  it('refuses a malformed filter with 400 rather than guessing', async () => {
    expect((await audit(admin, { limit: 5000 })).status).toBe(400);
    expect((await audit(admin, { from: 'hôm qua' })).status).toBe(400);
  });

  it('deletes lines past the retention period when the relay restarts, and says it did', async () => {
    const before = (await audit(admin, { limit: 1000 })).body.rows.length;
    expect(before).toBeGreaterThan(5);
    clock += 91 * DAY;
    await server.restart();
    // The inspector: an administrator is by now past the grace period for two-step sign-in.
    inspector = await server.signIn('thanhtra');
    const after = (await audit(inspector, { limit: 1000 })).body.rows;
    expect(after.some((r) => r.action === 'task.assign')).toBe(false);
    const purge = after.find((r) => r.action === 'audit.purge');
    expect(Number(purge?.detail)).toBeGreaterThanOrEqual(before);
  });
});
