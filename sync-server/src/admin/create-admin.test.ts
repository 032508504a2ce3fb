import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TestServer } from '../testing/test-server.ts';
import { AdminKit } from './admin-test-kit.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const execFileAsync = promisify(execFile);
const NEW_PASSWORD = 'Quan-tri-2026-moi';
const rootDir = fileURLToPath(new URL('../../../', import.meta.url));
/** `pnpm admin:create …` exactly as an operator types it, from the repository's root. */
const adminCreate = (...args: string[]) =>
  execFileAsync('pnpm', ['-s', 'admin:create', ...args], { cwd: rootDir, encoding: 'utf8' }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe('pnpm admin:create: the first administrator of a fresh database', () => {
  // No demo city: an empty database, as a city's installation starts.
  const server = new TestServer({ seedDemo: false });
  const kit = new AdminKit(() => server);
  let printed = '';
  beforeAll(async () => {
    const run = await adminCreate('quantri.tp', 'vp-ubnd', 'Lâm  Thị Quản Trị', '--database', server.databasePath);
    expect(run.code, run.stderr).toBe(0);
    printed = run.stdout;
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('prints a temporary password once; it signs in as an administrator who must change it', async () => {
    expect(printed).toContain('Đã tạo quản trị viên quantri.tp (Văn phòng Ủy ban nhân dân Thành phố).');
    const password = /Mật khẩu tạm: (\S+)/.exec(printed)?.[1] as string;
    expect(password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(await kit.signInStatus('quantri.tp', 'wrong-password')).toBe(401);
    expect(await kit.signInStatus('quantri.tp', password)).toBe(200);
    const row = kit.db().prepare("SELECT * FROM users WHERE username = 'quantri.tp'").get() as Record<string, unknown>;
    expect(row).toMatchObject({
      full_name: 'Lâm Thị Quản Trị',
      roles: 'admin',
      must_change_password: 1,
      unit_id: 'vp-ubnd',
    });
    expect(String(row.password_hash)).not.toContain(password);
    // The unit came from the city's structure, with its parent.
    // The temporary password opens only the password change (the forced change, /api/me/password).
    const cookie = await server.signIn('quantri.tp', password);
    expect((await fetch(`${server.url}/api/admin/units`, { headers: { cookie } })).status).toBe(403);
    const changed = await fetch(`${server.url}/api/me/password`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ current: password, next: NEW_PASSWORD }),
    });
    expect(changed.status).toBe(200);
    const listed = await fetch(`${server.url}/api/admin/units`, { headers: { cookie } });
    expect(listed.status).toBe(200);
    const ids = ((await listed.json()) as { units: { id: string }[] }).units.map((u) => u.id).sort();
    expect(ids).toEqual(['ubnd-tp', 'vp-ubnd']);
    expect(kit.audit('admin.account.create')[0]?.detail).toContain('quantri.tp');
  });

  it('the new administrator adds the first official, whose unit page is created on the way', async () => {
    const cookie = await server.signIn('quantri.tp', NEW_PASSWORD);
    const response = await fetch(`${server.url}/api/admin/accounts`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ fullName: 'Phạm Văn Một', unitId: 'vp-ubnd', position: 'Chuyên viên' }),
    });
    expect(response.status).toBe(201);
    const page = await kit.page('vp-ubnd');
    expect(page?.unit.name).toBe('Văn phòng Ủy ban nhân dân Thành phố');
    expect(page?.people.map((p) => p.fullName)).toEqual(['Phạm Văn Một']);
  });

  it('refuses a taken username, an unknown unit and a malformed name, creating nothing', async () => {
    const before = kit.db().prepare('SELECT COUNT(*) FROM users').pluck().get();
    const taken = await adminCreate('quantri.tp', 'vp-ubnd', 'Ai Đó', '--database', server.databasePath);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('đã có người dùng');
    const unknown = await adminCreate('moi', 'khong-co', 'Ai Đó', '--database', server.databasePath);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Không có đơn vị “khong-co”');
    const bad = await adminCreate('Có Dấu', 'vp-ubnd', 'Ai Đó', '--database', server.databasePath);
    expect(bad.code).toBe(1);
    const usage = await adminCreate('moi');
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('Cách dùng: pnpm admin:create');
    expect(kit.db().prepare('SELECT COUNT(*) FROM users').pluck().get()).toBe(before);
  });
});
