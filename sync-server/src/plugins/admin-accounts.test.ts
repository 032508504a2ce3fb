import { DEMO_PASSWORD } from '@thongsuot/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AdminKit } from '../admin/admin-test-kit.ts';
import { TestPeer } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

/** Every administrator's route, with a body that would pass its schema. */
const ROUTES: [string, string, unknown?][] = [
  ['GET', '/api/admin/accounts'],
  ['GET', '/api/admin/accounts/u-benthanh-cv'],
  ['POST', '/api/admin/accounts', { fullName: 'Lê Văn Tám', unitId: 'phuong-ben-thanh', position: 'Chuyên viên' }],
  ['POST', '/api/admin/accounts/u-benthanh-cv/disable'],
  ['POST', '/api/admin/accounts/u-benthanh-cv/enable'],
  ['POST', '/api/admin/accounts/u-benthanh-cv/reset-password'],
  ['PUT', '/api/admin/accounts/u-benthanh-cv/roles', { system: ['admin'] }],
  ['DELETE', '/api/admin/sessions/0123456789abcdef'],
  ['GET', '/api/admin/units'],
  ['GET', '/api/admin/units/phuong-ben-thanh'],
  ['POST', '/api/admin/units', { name: 'Phường Mới', kind: 'ward', parentId: 'ubnd-tp' }],
  ['PATCH', '/api/admin/units/phuong-ben-thanh', { name: 'Phường X' }],
  ['POST', '/api/admin/units/phuong-ben-thanh/divisions', { name: 'Phòng X' }],
  ['PATCH', '/api/admin/units/phuong-ben-thanh/divisions/phuong-ben-thanh-p1', { name: 'Phòng Y' }],
  ['POST', '/api/admin/units/phuong-sai-gon/merge', { into: 'phuong-ben-thanh' }],
];

describe('administrator’s accounts (docs/operations.md "Administration")', () => {
  let server: TestServer;
  const kit = new AdminKit(() => server);
  beforeAll(async () => {
    // SessionWatch effectively off: sockets must close because of the action itself.
    server = await new TestServer({ seedDirectory: true, sessionCheckMs: 3_600_000 }).start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers 401 to anonymous requests and 403 to officials and inspectors on every route, changing nothing', async () => {
    const before = kit.db().prepare('SELECT COUNT(*) FROM audit_log').pluck().get();
    for (const [method, path, body] of ROUTES) {
      expect((await kit.call(null, method, path, body)).status, `${method} ${path}`).toBe(401);
      for (const who of ['benthanh', 'thanhtra']) {
        const answer = await kit.call(who, method, path, body);
        expect(answer.status, `${who} ${method} ${path}`).toBe(403);
        expect(answer.json.message).toBe('Bạn không có quyền làm việc này.');
      }
    }
    for (const who of [null, 'benthanh']) {
      const answer = await kit.call(who, 'POST', '/api/admin/accounts/import', 'name,unit,position\n', 'text/csv');
      expect(answer.status).toBe(who ? 403 : 401);
    }
    expect(kit.audit('admin.account.create')).toEqual([]);
    expect(kit.db().prepare("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'admin.%'").pluck().get()).toBe(0);
    expect(kit.db().prepare('SELECT COUNT(*) FROM audit_log').pluck().get()).toBeGreaterThanOrEqual(before as number);
  });

  it('finds people without diacritics, by unit and by status, a page at a time', async () => {
    const hung = await kit.call('quantri', 'GET', `/api/admin/accounts?q=${encodeURIComponent('bui van hung')}`);
    expect(hung.status).toBe(200);
    expect(hung.json.accounts.map((a: { username: string }) => a.username)).toContain('benthanh.cv');
    const accented = await kit.call('quantri', 'GET', `/api/admin/accounts?q=${encodeURIComponent('Hùng')}`);
    expect(accented.json.accounts.some((a: { id: string }) => a.id === 'u-benthanh-cv')).toBe(true);
    const ward = await kit.call('quantri', 'GET', '/api/admin/accounts?unitId=phuong-ben-thanh&limit=200');
    expect(ward.json.total).toBeGreaterThan(4);
    expect(ward.json.accounts.every((a: { unitId: string }) => a.unitId === 'phuong-ben-thanh')).toBe(true);
    expect(ward.json.accounts.find((a: { id: string }) => a.id === 'u-benthanh').unitName).toBe('Phường Bến Thành');
    const pages = await Promise.all(
      [0, 1].map((i) =>
        kit.call('quantri', 'GET', `/api/admin/accounts?unitId=phuong-ben-thanh&limit=3&offset=${i * 3}`),
      ),
    );
    const ids = pages.flatMap((p) => p.json.accounts.map((a: { id: string }) => a.id));
    expect(new Set(ids).size).toBe(6);
    expect((await kit.call('quantri', 'GET', '/api/admin/accounts?status=disabled')).json.total).toBe(0);
    expect((await kit.call('quantri', 'GET', '/api/admin/accounts?limit=1000')).status).toBe(400);
  });

  it('creates an account with a temporary password shown once, a derived rank, and a directory entry', async () => {
    const created = await kit.call('quantri', 'POST', '/api/admin/accounts', {
      fullName: 'Nguyễn  Thị Thu Hà',
      unitId: 'phuong-ben-thanh',
      division: 'Phòng Văn hóa - Xã hội',
      position: 'Phó Chủ tịch UBND Phường Bến Thành',
      phone: '0908 555 001',
      email: 'Ha.ntt@tphcm.gov.vn',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const { account, temporaryPassword } = created.json;
    expect(account.username).toMatch(/^hantt\d*$/);
    expect(account).toMatchObject({
      fullName: 'Nguyễn Thị Thu Hà',
      rank: 2,
      mustChangePassword: true,
      disabled: false,
      email: 'ha.ntt@tphcm.gov.vn',
    });
    expect(temporaryPassword).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const stored = kit.db().prepare('SELECT password_hash FROM users WHERE id = ?').pluck().get(account.id) as string;
    // A one-time password: the 4 MiB cost (auth/password.ts), checked with a full hash beside.
    expect(stored.startsWith('scrypt$4096$8$1$')).toBe(true);
    expect(stored).not.toContain(temporaryPassword);
    expect(await kit.signInStatus(account.username, temporaryPassword)).toBe(200);
    const page = await kit.page('phuong-ben-thanh');
    const entry = page?.people.find((p) => p.id === account.id);
    const division = page?.divisions.find((d) => d.name === 'Phòng Văn hóa - Xã hội');
    expect(entry).toMatchObject({
      fullName: 'Nguyễn Thị Thu Hà',
      rank: 2,
      positionId: 'ward-vice-chair',
      phone: '0908 555 001',
    });
    expect(entry?.divisionId).toBe(division?.id);
    expect(kit.audit('admin.account.create').at(-1)).toMatchObject({ actor_id: 'u-quantri' });
    expect(kit.audit('admin.account.create').at(-1)?.detail).toContain(account.username);

    const again = await kit.call('quantri', 'POST', '/api/admin/accounts', {
      fullName: 'Nguyễn Thị Thu Hà',
      unitId: 'phuong-sai-gon',
      position: 'Chuyên viên',
    });
    expect(again.json.account.username).toMatch(/^hantt\d+$/);
    expect(again.json.account.username).not.toBe(account.username);
    expect(again.json.account.rank).toBe(5);
    const taken = await kit.call('quantri', 'POST', '/api/admin/accounts', {
      fullName: 'Ai Đó',
      username: 'benthanh',
      unitId: 'phuong-sai-gon',
      position: 'Chuyên viên',
    });
    expect(taken.status).toBe(409);
    expect(taken.json.message).toContain('benthanh');
    const sameEmail = await kit.call('quantri', 'POST', '/api/admin/accounts', {
      fullName: 'Ai Đó',
      unitId: 'phuong-sai-gon',
      position: 'Chuyên viên',
      email: 'HA.NTT@tphcm.gov.vn',
    });
    expect(sameEmail.status).toBe(409);
    for (const bad of [{ unitId: 'khong-co' }, { phone: 'abc' }, { email: 'not-an-email' }, { username: 'Có Dấu' }]) {
      const answer = await kit.call('quantri', 'POST', '/api/admin/accounts', {
        fullName: 'Ai Đó',
        unitId: 'phuong-sai-gon',
        position: 'Chuyên viên',
        ...bad,
      });
      expect(answer.status, JSON.stringify(bad)).toBe(400);
      expect(answer.json.message).toMatch(/[ạảãáàôơêư]/);
    }
  });

  it('shows a person’s devices by a public id, live and connected, never the token hash', async () => {
    const token = await server.token('benthanh.pct');
    const peer = await TestPeer.connect(server.wsUrl, { authorization: `Bearer ${token}` });
    const detail = await kit.call('quantri', 'GET', '/api/admin/accounts/u-benthanh-pct');
    expect(detail.status).toBe(200);
    expect(detail.json.account.username).toBe('benthanh.pct');
    expect(detail.json.unitRoles).toEqual({ editor: false, clerk: false, signer: true });
    const session = detail.json.sessions[0];
    expect(session).toMatchObject({ live: true, connected: true });
    expect(session.id).toMatch(/^[0-9a-f]{16}$/);
    expect(session.device).toBe('Thiết bị không rõ');
    const hashes = kit
      .db()
      .prepare('SELECT token_hash FROM sessions WHERE user_id = ?')
      .pluck()
      .all('u-benthanh-pct') as string[];
    for (const hash of hashes) expect(JSON.stringify(detail.json)).not.toContain(hash);

    const closed = peer.closed();
    const revoked = await kit.call('quantri', 'DELETE', `/api/admin/sessions/${session.id}`);
    expect(revoked.status).toBe(200);
    expect(await closed).toBe(4401);
    const after = await fetch(`${server.url}/api/admin/accounts`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
    expect((await kit.call('quantri', 'DELETE', `/api/admin/sessions/${session.id}`)).status).toBe(404);
    expect(kit.audit('admin.session.revoke').at(-1)?.detail).toContain('benthanh.pct');
    expect((await kit.call('quantri', 'GET', '/api/admin/accounts/u-khong-co')).status).toBe(404);
  });

  it('locks an account: its open socket closes at once (no SessionWatch), it cannot sign in; unlocking restores it', async () => {
    const peer = await server.peer('benthanh.vhxh');
    const closed = peer.closed();
    const started = Date.now();
    const locked = await kit.call('quantri', 'POST', '/api/admin/accounts/u-benthanh-vhxh/disable');
    expect(locked.status).toBe(200);
    expect(await closed).toBe(4401);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await kit.signInStatus('benthanh.vhxh', DEMO_PASSWORD)).toBe(401);
    const listed = await kit.call('quantri', 'GET', '/api/admin/accounts?status=disabled');
    expect(listed.json.accounts.map((a: { id: string }) => a.id)).toEqual(['u-benthanh-vhxh']);
    expect(listed.json.accounts[0].disabledAt).toBeGreaterThan(0);
    expect(kit.audit('admin.account.disable').at(-1)?.detail).toContain('benthanh.vhxh');

    expect((await kit.call('quantri', 'POST', '/api/admin/accounts/u-benthanh-vhxh/enable')).status).toBe(200);
    expect(await kit.signInStatus('benthanh.vhxh', DEMO_PASSWORD)).toBe(200);
    expect(kit.audit('admin.account.enable').at(-1)?.detail).toContain('benthanh.vhxh');

    const self = await kit.call('quantri', 'POST', '/api/admin/accounts/u-quantri/disable');
    expect(self.status).toBe(409);
    expect(self.json.message).toBe('Bạn không thể tự khóa tài khoản của mình.');
  });

  it('resets a password: a temporary one shown once, every session ended and socket closed, to be changed', async () => {
    const cookie = await server.signIn('saigon');
    const peer = await TestPeer.connect(server.wsUrl, { cookie });
    const closed = peer.closed();
    const reset = await kit.call('quantri', 'POST', '/api/admin/accounts/u-saigon/reset-password');
    expect(reset.status).toBe(200);
    expect(reset.json.sessionsEnded).toBeGreaterThanOrEqual(1);
    expect(await closed).toBe(4401);
    expect((await fetch(`${server.url}/api/admin/units`, { headers: { cookie } })).status).toBe(401);
    expect(await kit.signInStatus('saigon', DEMO_PASSWORD)).toBe(401);
    expect(await kit.signInStatus('saigon', reset.json.temporaryPassword)).toBe(200);
    expect(kit.db().prepare("SELECT must_change_password FROM users WHERE id = 'u-saigon'").pluck().get()).toBe(1);
    expect(kit.audit('admin.password.reset').at(-1)?.detail).toContain('saigon');
    expect((await kit.call('quantri', 'POST', '/api/admin/accounts/u-quantri/reset-password')).status).toBe(409);
  });

  it('sets system roles, keeping the administrator’s own and at least one, and unit roles on the unit’s page', async () => {
    const own = await kit.call('quantri', 'PUT', '/api/admin/accounts/u-quantri/roles', { system: [] });
    expect(own.status).toBe(409);
    expect(own.json.message).toBe('Bạn không thể tự bỏ quyền quản trị của mình.');
    const grant = await kit.call('quantri', 'PUT', '/api/admin/accounts/u-thanhtra/roles', {
      system: ['admin', 'inspector'],
    });
    expect(grant.status).toBe(200);
    expect(grant.json.roles).toEqual(['admin', 'inspector']);
    expect((await kit.call('thanhtra', 'GET', '/api/admin/units')).status).toBe(200);
    // With two administrators, one may take the other's role; the last one's is kept.
    expect((await kit.call('thanhtra', 'PUT', '/api/admin/accounts/u-quantri/roles', { system: [] })).status).toBe(200);
    expect((await kit.call('quantri', 'GET', '/api/admin/units')).status).toBe(403);
    expect(
      (await kit.call('thanhtra', 'PUT', '/api/admin/accounts/u-quantri/roles', { system: ['admin'] })).status,
    ).toBe(200);
    expect(
      (await kit.call('quantri', 'PUT', '/api/admin/accounts/u-thanhtra/roles', { system: ['inspector'] })).status,
    ).toBe(200);
    expect((await kit.call('thanhtra', 'GET', '/api/admin/units')).status).toBe(403);
    expect(
      (await kit.call('quantri', 'PUT', '/api/admin/accounts/u-thanhtra/roles', { system: ['root'] })).status,
    ).toBe(400);

    const unit = await kit.call('quantri', 'PUT', '/api/admin/accounts/u-benthanh-vhxh/roles', {
      unit: { editor: true, clerk: true },
    });
    expect(unit.status).toBe(200);
    expect(unit.json.unitRoles).toEqual({ editor: true, clerk: true, signer: false });
    const page = await kit.page('phuong-ben-thanh');
    expect(page?.admins).toContain('u-benthanh-vhxh');
    expect(page?.roles).toContainEqual({ personId: 'u-benthanh-vhxh', role: 'clerk' });
    const off = await kit.call('quantri', 'PUT', '/api/admin/accounts/u-benthanh-vhxh/roles', {
      unit: { clerk: false },
    });
    expect(off.json.unitRoles).toEqual({ editor: true, clerk: false, signer: false });
    expect((await kit.page('phuong-ben-thanh'))?.roles).not.toContainEqual({
      personId: 'u-benthanh-vhxh',
      role: 'clerk',
    });
    const lines = kit.audit('admin.roles.set');
    expect(lines.length).toBe(6);
    expect(lines.at(-1)).toMatchObject({ actor_id: 'u-quantri', doc_id: 'unit/phuong-ben-thanh' });
  });

  it('documents every route in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${server.url}/api/docs`)).json()) as { paths: Record<string, object> };
    for (const [method, path] of ROUTES) {
      const templated = path
        .replace(/\/u-benthanh-cv/, '/{id}')
        .replace(/\/0123456789abcdef$/, '/{id}')
        .replace(/\/phuong-ben-thanh-p1$/, '/{divisionId}')
        .replace(/\/phuong-(ben-thanh|sai-gon)/, '/{id}');
      expect(doc.paths[templated], `${method} ${templated}`).toHaveProperty(method.toLowerCase());
    }
    expect(doc.paths['/api/admin/accounts/import']).toHaveProperty('post');
  });
});
