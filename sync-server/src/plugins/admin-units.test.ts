import { addProgressReport } from '@thongsuot/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { AdminKit } from '../admin/admin-test-kit.ts';
import { changeOf, copyOf, newTask } from '../testing/fixtures.ts';
import { SignedInPeers } from '../testing/signed-in-peers.ts';
import { TestServer } from '../testing/test-server.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

describe('administrator’s units and divisions (docs/operations.md "Administration")', () => {
  let server: TestServer;
  const kit = new AdminKit(() => server);
  beforeAll(async () => {
    server = await new TestServer({ seedDirectory: true, sessionCheckMs: 3_600_000 }).start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('creates a unit with its row and its directory page, renames it, adds and renames a division', async () => {
    const created = await kit.call('quantri', 'POST', '/api/admin/units', {
      name: '  Phường  Thử Nghiệm ',
      kind: 'ward',
      parentId: 'ubnd-tp',
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json.unit).toEqual({
      id: 'phuong-thu-nghiem',
      name: 'Phường Thử Nghiệm',
      kind: 'ward',
      parentId: 'ubnd-tp',
      mergedInto: null,
      people: 0,
    });
    const page = await kit.page('phuong-thu-nghiem');
    expect(page?.unit).toMatchObject({ id: 'phuong-thu-nghiem', name: 'Phường Thử Nghiệm', kind: 'ward' });
    expect(page?.divisions.map((d) => d.name)).toEqual([
      'Văn phòng HĐND và UBND',
      'Phòng Kinh tế, Hạ tầng và Đô thị',
      'Phòng Văn hóa - Xã hội',
      'Trung tâm Phục vụ hành chính công',
    ]);
    expect(kit.audit('admin.unit.create').at(-1)).toMatchObject({
      actor_id: 'u-quantri',
      doc_id: 'unit/phuong-thu-nghiem',
    });
    const twice = await kit.call('quantri', 'POST', '/api/admin/units', {
      name: 'phuong thu nghiem',
      kind: 'ward',
      parentId: null,
    });
    expect(twice.status).toBe(409);
    const noParent = await kit.call('quantri', 'POST', '/api/admin/units', {
      name: 'Xã Mới',
      kind: 'commune',
      parentId: 'x',
    });
    expect(noParent.status).toBe(400);
    expect(
      (await kit.call('quantri', 'POST', '/api/admin/units', { name: 'X', kind: 'planet', parentId: null })).status,
    ).toBe(400);

    const renamed = await kit.call('quantri', 'PATCH', '/api/admin/units/phuong-thu-nghiem', {
      name: 'Phường Thử Nghiệm mới',
    });
    expect(renamed.json.unit.name).toBe('Phường Thử Nghiệm mới');
    expect((await kit.page('phuong-thu-nghiem'))?.unit.name).toBe('Phường Thử Nghiệm mới');
    expect(kit.audit('admin.unit.rename').at(-1)?.detail).toBe(
      'phuong-thu-nghiem: Phường Thử Nghiệm → Phường Thử Nghiệm mới',
    );
    const found = await kit.call('quantri', 'GET', `/api/admin/units?q=${encodeURIComponent('thu nghiem moi')}`);
    expect(found.json.units.map((u: { id: string }) => u.id)).toEqual(['phuong-thu-nghiem']);

    const division = await kit.call('quantri', 'POST', '/api/admin/units/phuong-thu-nghiem/divisions', {
      name: 'Phòng Quản lý đô thị',
    });
    expect(division.status).toBe(201);
    expect(division.json.division).toMatchObject({ name: 'Phòng Quản lý đô thị', order: 5 });
    const same = await kit.call('quantri', 'POST', '/api/admin/units/phuong-thu-nghiem/divisions', {
      name: 'phong quan ly do thi',
    });
    expect(same.status).toBe(409);
    const id = division.json.division.id;
    const renamedDivision = await kit.call('quantri', 'PATCH', `/api/admin/units/phuong-thu-nghiem/divisions/${id}`, {
      name: 'Phòng Đô thị',
    });
    expect(renamedDivision.json.division).toEqual({ id, name: 'Phòng Đô thị', order: 5 });
    const detail = await kit.call('quantri', 'GET', '/api/admin/units/phuong-thu-nghiem');
    expect(detail.json.divisions.find((d: { id: string }) => d.id === id).name).toBe('Phòng Đô thị');
    expect(kit.audit('admin.division.create')).toHaveLength(1);
    expect(kit.audit('admin.division.rename')).toHaveLength(1);
    expect(
      (await kit.call('quantri', 'PATCH', '/api/admin/units/phuong-thu-nghiem/divisions/nope', { name: 'A' })).status,
    ).toBe(404);
  });

  it('merges a ward into another: people, divisions and pages move; the old unit is marked and leaves the list; devices reconnect', async () => {
    const saigonPeople = kit
      .db()
      .prepare("SELECT id FROM users WHERE unit_id = 'phuong-sai-gon'")
      .pluck()
      .all() as string[];
    const before = await kit.page('phuong-sai-gon');
    const vt = before?.people.find((p) => p.id === 'u-saigon-vt');
    expect(vt?.divisionId).toBeDefined();
    const vtDivision = before?.divisions.find((d) => d.id === vt?.divisionId)?.name;

    expect(
      (await kit.call('quantri', 'POST', '/api/admin/units/phuong-sai-gon/merge', { into: 'phuong-sai-gon' })).status,
    ).toBe(409);
    const preview = await kit.call('quantri', 'POST', '/api/admin/units/phuong-sai-gon/merge', {
      into: 'phuong-ben-thanh',
      dryRun: true,
    });
    expect(preview.status).toBe(200);
    expect(preview.json).toMatchObject({ dryRun: true, people: saigonPeople.length });
    expect(preview.json.sharedDivisions).toContain('Văn phòng HĐND và UBND');
    expect(kit.db().prepare("SELECT merged_into FROM units WHERE id = 'phuong-sai-gon'").pluck().get()).toBeNull();

    // Open work: a directive to Phường Sài Gòn, which Bến Thành's head may not act on yet.
    const task = newTask('merge-open-work', 'phuong-sai-gon');
    const before1 = new SignedInPeers(() => server);
    expect((await before1.send('vanphong', 'task/merge-open-work', Y.encodeStateAsUpdate(task))).type).toBe('ack');
    const report = (n: number) =>
      changeOf(copyOf(task), (d) =>
        addProgressReport(d, {
          id: `r${n}`,
          recipientId: 'phuong-sai-gon',
          by: 'u-benthanh',
          at: 1_700_000_000_000 + n,
          text: 'Đã tiếp nhận hồ sơ của phường cũ',
          percent: 20,
        }),
      );
    expect((await before1.send('benthanh', 'task/merge-open-work', report(1))).type).toBe('error');
    before1.close();

    const saigon = await server.peer('saigon');
    const benthanh = await server.peer('benthanh');
    const other = await server.peer('cangio');
    const closed = [saigon.closed(), benthanh.closed()];
    const merged = await kit.call('quantri', 'POST', '/api/admin/units/phuong-sai-gon/merge', {
      into: 'phuong-ben-thanh',
    });
    expect(merged.status, JSON.stringify(merged.json)).toBe(200);
    expect(merged.json.from.mergedInto).toBe('phuong-ben-thanh');
    expect(await Promise.all(closed)).toEqual([1012, 1012]);

    const moved = kit.db().prepare("SELECT COUNT(*) FROM users WHERE unit_id = 'phuong-sai-gon'").pluck().get();
    expect(moved).toBe(0);
    for (const id of saigonPeople) {
      expect(kit.db().prepare('SELECT unit_id FROM users WHERE id = ?').pluck().get(id)).toBe('phuong-ben-thanh');
    }
    const into = await kit.page('phuong-ben-thanh');
    const entry = into?.people.find((p) => p.id === 'u-saigon-vt');
    expect(entry).toMatchObject({ fullName: 'Phan Thị Kim Yến', active: true });
    expect(into?.divisions.find((d) => d.id === entry?.divisionId)?.name).toBe(vtDivision);
    expect(into?.divisions.filter((d) => d.name === 'Văn phòng HĐND và UBND')).toHaveLength(1);
    const old = await kit.page('phuong-sai-gon');
    expect(old?.unit.mergedInto).toBe('phuong-ben-thanh');
    expect(old?.people.filter((p) => p.active)).toEqual([]);

    const listed = await kit.call('quantri', 'GET', '/api/admin/units');
    expect(listed.json.units.some((u: { id: string }) => u.id === 'phuong-sai-gon')).toBe(false);
    const all = await kit.call('quantri', 'GET', '/api/admin/units?merged=true');
    expect(all.json.units.find((u: { id: string }) => u.id === 'phuong-sai-gon').mergedInto).toBe('phuong-ben-thanh');
    expect(kit.audit('admin.unit.merge').at(-1)).toMatchObject({
      actor_id: 'u-quantri',
      doc_id: 'unit/phuong-sai-gon',
    });
    // A moved person signs in again and works in the absorbing unit.
    const again = await kit.call('saigon.vt', 'GET', '/api/session');
    expect(again.json.user.unitId).toBe('phuong-ben-thanh');

    // The absorbing unit's people now carry the merged unit's principal: they read its open work
    // and act for its assignment.
    const after = new SignedInPeers(() => server);
    expect((await after.send('benthanh', 'task/merge-open-work', report(2))).type).toBe('ack');
    const account = server.app.context.accounts.byId('u-benthanh');
    expect(account?.mergedUnitIds).toEqual(['phuong-sai-gon']);
    // The app learns it from the profile, and lists that work in the ward chairman's inbox.
    const profile = await server.app.server.inject({
      method: 'GET',
      url: '/api/session',
      headers: { cookie: await server.signIn('benthanh') },
    });
    expect(profile.json().user.mergedUnitIds).toEqual(['phuong-sai-gon']);
    expect(await server.app.context.hub.canRead(account as NonNullable<typeof account>, 'task/merge-open-work')).toBe(
      true,
    );
    after.close();

    const repeat = await kit.call('quantri', 'POST', '/api/admin/units/phuong-sai-gon/merge', {
      into: 'phuong-ben-thanh',
    });
    expect(repeat.status).toBe(409);
    const intoMerged = await kit.call('quantri', 'POST', '/api/admin/units/xa-can-gio/merge', {
      into: 'phuong-sai-gon',
    });
    expect(intoMerged.status).toBe(409);
    expect(intoMerged.json.message).toContain('đã sáp nhập');
    const createThere = await kit.call('quantri', 'POST', '/api/admin/accounts', {
      fullName: 'Ai Đó',
      unitId: 'phuong-sai-gon',
      position: 'Chuyên viên',
    });
    expect(createThere.status).toBe(400);
    const stillOpen = await Promise.race([other.closed(), new Promise((r) => setTimeout(() => r('open'), 200))]);
    expect(stillOpen).toBe('open');
    other.close();
  });
});
