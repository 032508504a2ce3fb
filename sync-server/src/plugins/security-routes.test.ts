import { DEMO_PASSWORD } from '@thongsuot/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ANDROID_CHROME, SecurityKit, WINDOWS_EDGE } from '../testing/security-kit.ts';
import { TestPeer } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const DAY = 86_400_000;
const NEW_PASSWORD = 'Bến Thành mùa mưa 2026';

describe("people's own security: password, devices, two-step settings, a locked account", () => {
  let clock = Date.UTC(2026, 11, 2, 2, 0, 10);
  let server: TestServer;
  const kit = new SecurityKit(
    () => server,
    () => clock,
  );
  beforeAll(async () => {
    // The session watch's round is far off: a socket that closes was closed by the route itself.
    server = await new TestServer({
      now: () => clock,
      signInLimits: { perAddress: 1000, perUsername: 1000 },
      sessionCheckMs: 600_000,
    }).start();
  });
  afterAll(async () => {
    await server.stop();
  });

  type Device = {
    id: string;
    device: string;
    ip: string;
    createdAt: number;
    lastSeenAt: number | null;
    current: boolean;
    online: boolean;
  };
  const devices = async (cookie: string) =>
    ((await kit.call('GET', '/api/me/sessions', { cookie })).json() as { sessions: Device[] }).sessions;

  it('records each device, marks this one, refreshes "last seen" at most once a minute, and never shows the token hash', async () => {
    const phone = await kit.call('POST', '/api/session', {
      payload: { username: 'saigon.vt', password: DEMO_PASSWORD },
      headers: { 'user-agent': ANDROID_CHROME },
      remoteAddress: '203.0.113.7',
    });
    const phoneCookie = `ts_session=${phone.cookies.find((c) => c.name === 'ts_session')?.value}`;
    const signedInAt = clock;
    const desk = await kit.password('saigon.vt', DEMO_PASSWORD, { 'user-agent': WINDOWS_EDGE });
    const list = await devices(desk.cookie);
    expect(list).toHaveLength(2);
    const onPhone = list.find((d) => !d.current) as Device;
    expect(onPhone).toMatchObject({
      device: 'Chrome trên Android',
      ip: '203.0.113.7',
      createdAt: signedInAt,
      online: false,
    });
    expect(list.find((d) => d.current)).toMatchObject({ device: 'Edge trên Windows' });
    const hashes = server.app.context.db.prepare('SELECT token_hash FROM sessions').pluck().all() as string[];
    expect(list.every((d) => /^[0-9a-f]{16}$/.test(d.id) && !hashes.some((h) => h.includes(d.id)))).toBe(true);

    // Used 30 s later: not written; 61 s after sign-in (a socket opened): written.
    clock += 30_000;
    expect((await kit.call('GET', '/api/directory/bundle', { cookie: phoneCookie })).statusCode).toBe(200);
    expect((await devices(desk.cookie)).find((d) => !d.current)?.lastSeenAt).toBe(signedInAt);
    clock += 31_000;
    const peer = (await kit.socket(phoneCookie)) as TestPeer;
    const seen = (await devices(desk.cookie)).find((d) => !d.current) as Device;
    expect(seen.lastSeenAt).toBe(clock);
    expect(seen.online).toBe(true);
    peer.close();
  });

  it('signs another device out from here: its socket closes at once, and it is audited', async () => {
    const phone = await kit.password('saigon', DEMO_PASSWORD, { 'user-agent': ANDROID_CHROME });
    const desk = await kit.password('saigon', DEMO_PASSWORD, { 'user-agent': WINDOWS_EDGE });
    const peer = (await kit.socket(phone.cookie)) as TestPeer;
    const closed = peer.closed();
    const other = (await devices(desk.cookie)).find((d) => !d.current) as Device;
    const started = Date.now();
    const revoked = await kit.call('DELETE', `/api/me/sessions/${other.id}`, { cookie: desk.cookie });
    expect(revoked.statusCode).toBe(200);
    expect(await closed).toBe(4401);
    expect(Date.now() - started).toBeLessThan(1000); // at once, not at the session watch's next round
    expect((await kit.call('GET', '/api/session', { cookie: phone.cookie })).statusCode).toBe(401);
    expect(kit.audit('session.revoke').at(-1)).toEqual({ actor_id: 'u-saigon', detail: 'Chrome trên Android' });
    expect((await devices(desk.cookie)).map((d) => d.current)).toEqual([true]);
    // Someone else's device, or one already gone: not found.
    const stranger = await kit.password('cangio');
    const theirs = (await devices(stranger.cookie))[0] as Device;
    expect((await kit.call('DELETE', `/api/me/sessions/${theirs.id}`, { cookie: desk.cookie })).statusCode).toBe(404);
    expect((await kit.call('DELETE', `/api/me/sessions/${other.id}`, { cookie: desk.cookie })).statusCode).toBe(404);
  });

  it('changes the password under the policy; the other devices are signed out and their sockets closed', async () => {
    const phone = await kit.password('benthanh.vhxh');
    const desk = await kit.password('benthanh.vhxh');
    const peer = (await kit.socket(phone.cookie)) as TestPeer;
    const closed = peer.closed();
    const change = (current: string, next: string) =>
      kit.call('POST', '/api/me/password', { cookie: desk.cookie, payload: { current, next } });
    const refusals = [
      ['ngắn', 'password_too_short', 'Mật khẩu mới phải có ít nhất 10 ký tự.'],
      ['Benthanh.VHXH', 'password_username', 'Mật khẩu mới không được trùng tên đăng nhập.'],
      [DEMO_PASSWORD, 'password_same_as_current', 'Mật khẩu mới phải khác mật khẩu hiện tại.'],
      ['0908100014', 'password_digits_only', 'Mật khẩu mới không được chỉ gồm chữ số; hãy thêm chữ cái.'],
      ['aaaaaaaaaaaa', 'password_one_character', 'Mật khẩu mới không được chỉ lặp lại một ký tự.'],
    ] as const;
    for (const [next, error, message] of refusals) {
      expect((await change(DEMO_PASSWORD, next)).json()).toEqual({ statusCode: 400, error, message });
    }
    expect((await change('không phải', NEW_PASSWORD)).json()).toMatchObject({
      statusCode: 403,
      error: 'wrong_password',
    });
    expect((await change(DEMO_PASSWORD, NEW_PASSWORD)).statusCode).toBe(200);
    expect(await closed).toBe(4401);
    expect((await kit.call('GET', '/api/session', { cookie: phone.cookie })).statusCode).toBe(401);
    expect((await kit.call('GET', '/api/session', { cookie: desk.cookie })).statusCode).toBe(200);
    expect((await kit.password('benthanh.vhxh')).response.statusCode).toBe(401);
    expect((await kit.password('benthanh.vhxh', NEW_PASSWORD)).response.statusCode).toBe(200);
    expect(kit.audit('password.change').map((r) => r.actor_id)).toEqual(['u-benthanh-vhxh']);
    const changedAt = server.app.context.db
      .prepare('SELECT password_changed_at FROM users WHERE id = ?')
      .pluck()
      .get('u-benthanh-vhxh');
    expect(changedAt).toBe(clock);
  });

  it('refuses the demo password as a new one', async () => {
    const { cookie } = await kit.password('benthanh.vhxh', NEW_PASSWORD);
    const demo = await kit.call('POST', '/api/me/password', {
      cookie,
      payload: { current: NEW_PASSWORD, next: DEMO_PASSWORD },
    });
    expect(demo.json()).toMatchObject({ statusCode: 400, error: 'password_forbidden' });
  });

  it('holds an account that must change its password to that alone, the socket included', async () => {
    server.app.context.db.prepare('UPDATE users SET must_change_password = 1 WHERE id = ?').run('u-saigon-vt');
    const { cookie, response } = await kit.password('saigon.vt');
    expect(response.json()).toMatchObject({ user: { username: 'saigon.vt' }, mustChangePassword: true });
    for (const [method, url] of [
      ['GET', '/api/directory/bundle'],
      ['GET', '/api/me/sessions'],
      ['POST', '/api/me/totp/setup'],
    ] as const) {
      const refused = await kit.call(method, url, { cookie });
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json(), url).toMatchObject({ error: 'password_change_required' });
    }
    expect(await kit.socket(cookie)).toBe(403);
    expect((await kit.call('GET', '/api/session', { cookie })).json()).toMatchObject({ mustChangePassword: true });
    const changed = await kit.call('POST', '/api/me/password', {
      cookie,
      payload: { current: DEMO_PASSWORD, next: NEW_PASSWORD },
    });
    expect(changed.statusCode).toBe(200);
    expect((await kit.call('GET', '/api/directory/bundle', { cookie })).statusCode).toBe(200);
    expect((await kit.call('GET', '/api/session', { cookie })).json().mustChangePassword).toBeUndefined();
    const peer = await kit.socket(cookie);
    expect(peer).toBeInstanceOf(TestPeer);
    (peer as TestPeer).close();
  });

  it('sets two-step sign-in up only with a right code, keeps the old secret until a new one is confirmed, and lets a specialist turn it off', async () => {
    const { cookie } = await kit.password('saigon.vt', NEW_PASSWORD);
    const setup = (await kit.call('POST', '/api/me/totp/setup', { cookie })).json() as {
      secret: string;
      otpauthUri: string;
      qrSvg: string;
    };
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.otpauthUri).toMatch(/^otpauth:\/\/totp\/.*secret=[A-Z2-7]{32}.*algorithm=SHA1&digits=6&period=30/);
    expect(setup.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const wrong = await kit.call('POST', '/api/me/totp/confirm', {
      cookie,
      payload: { code: kit.code(setup.secret, clock - 5 * 60_000) },
    });
    expect(wrong.json()).toMatchObject({ statusCode: 400, error: 'invalid_code' });
    const confirmed = await kit.call('POST', '/api/me/totp/confirm', {
      cookie,
      payload: { code: kit.code(setup.secret) },
    });
    expect(confirmed.json().recoveryCodes).toHaveLength(10);
    const oldCodes = confirmed.json().recoveryCodes as string[];

    // A new phone: setting up again does not stop the old secret until the new one is confirmed.
    clock += 60_000;
    const again = (await kit.call('POST', '/api/me/totp/setup', { cookie })).json() as { secret: string };
    const withOld = await kit.password('saigon.vt', NEW_PASSWORD);
    const oldCode = kit.code(setup.secret);
    expect(
      (await kit.call('POST', '/api/session/second-factor', { cookie: withOld.cookie, payload: { code: oldCode } }))
        .statusCode,
    ).toBe(200);
    clock += 60_000;
    expect(
      (await kit.call('POST', '/api/me/totp/confirm', { cookie, payload: { code: kit.code(again.secret) } }))
        .statusCode,
    ).toBe(200);

    // New recovery codes need a code; the old ones stop working.
    clock += 60_000;
    const fresh = await kit.call('POST', '/api/me/totp/recovery-codes', {
      cookie,
      payload: { code: kit.code(again.secret) },
    });
    expect(fresh.statusCode).toBe(200);
    expect(kit.audit('recovery.regenerate')).toHaveLength(1);
    const stale = await kit.password('saigon.vt', NEW_PASSWORD);
    const staleUse = await kit.call('POST', '/api/session/second-factor', {
      cookie: stale.cookie,
      payload: { recoveryCode: oldCodes[0] },
    });
    expect(staleUse.statusCode).toBe(401);

    // Turning it off takes the password and a code.
    clock += 60_000;
    const off = (password: string) =>
      kit.call('DELETE', '/api/me/totp', { cookie, payload: { password, code: kit.code(again.secret) } });
    expect((await off('sai mật khẩu')).statusCode).toBe(403);
    expect((await off(NEW_PASSWORD)).statusCode).toBe(200);
    expect(kit.audit('totp.disable').map((r) => r.actor_id)).toEqual(['u-saigon-vt']);
    expect((await kit.password('saigon.vt', NEW_PASSWORD)).response.json()).toMatchObject({
      user: { totpEnabled: false },
    });
  });

  it('tells a locked account from a signed-out one: 403 account_locked, while a revoked or expired session gets 401', async () => {
    const signedOut = await kit.password('condao');
    await kit.call('DELETE', '/api/session', { cookie: signedOut.cookie });
    const live = await kit.password('condao');
    const expiring = await kit.password('condao');
    server.app.context.accounts.setDisabled('u-condao', true);
    const locked = await kit.call('GET', '/api/session', { cookie: live.cookie });
    expect(locked.statusCode).toBe(403);
    expect(locked.json()).toEqual({
      statusCode: 403,
      error: 'account_locked',
      message: expect.stringMatching(/^Tài khoản của bạn đã bị khóa\./),
    });
    expect((await kit.call('GET', '/api/session', { cookie: signedOut.cookie })).statusCode).toBe(401);
    expect((await kit.call('GET', '/api/session')).statusCode).toBe(401);
    // Locking that also ended the sessions (the admin console does both) still says locked.
    clock += 1000;
    server.app.context.db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(clock, 'u-condao');
    server.app.context.accounts.revokeSession(
      server.app.context.db
        .prepare('SELECT token_hash FROM sessions WHERE user_id = ? AND revoked_at IS NULL LIMIT 1')
        .pluck()
        .get('u-condao') as string,
      clock,
    );
    expect((await kit.call('GET', '/api/session', { cookie: live.cookie })).statusCode).toBe(403);
    expect((await kit.call('GET', '/api/session', { cookie: expiring.cookie })).statusCode).toBe(403);
    clock += 31 * DAY;
    expect((await kit.call('GET', '/api/session', { cookie: expiring.cookie })).statusCode).toBe(401);
    // Unlocked, the same person signs in again.
    server.app.context.accounts.setDisabled('u-condao', false);
    expect((await kit.password('condao')).response.statusCode).toBe(200);
  });
});
