import { AUTH_IN_FIRST_MESSAGE, DEMO_PASSWORD } from '@thongsuot/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readConfig } from '../config.ts';
import { SecurityKit } from '../testing/security-kit.ts';
import { TestPeer } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const DAY = 86_400_000;
const STEP = 30_000;

describe('two-step sign-in with one-time codes (docs/operations.md "People\'s own security")', () => {
  // 10 s into a 30-second step; moved by hand, never by waiting.
  let clock = Date.UTC(2026, 10, 30, 1, 0, 10);
  let server: TestServer;
  const kit = new SecurityKit(
    () => server,
    () => clock,
  );
  let secret = '';
  let recoveryCodes: string[] = [];

  beforeAll(async () => {
    server = await new TestServer({ now: () => clock, signInLimits: { perAddress: 1000, perUsername: 1000 } }).start();
    const { cookie } = await kit.password('benthanh.cv');
    ({ secret, recoveryCodes } = await kit.enrol(cookie));
    clock += 2 * 60_000; // the enrolment used its step
  });
  afterAll(async () => {
    await server.stop();
  });

  const secondStep = (cookie: string, payload: object) =>
    kit.call('POST', '/api/session/second-factor', { cookie, payload });

  it('asks for a code after the password; until it is given the session is no session at all', async () => {
    const { cookie, response } = await kit.password('benthanh.cv');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ step: 'totp' });
    expect(cookie).not.toBe('');
    // Not for the directory, not for the socket, not for "who am I".
    expect((await kit.call('GET', '/api/directory/bundle', { cookie })).statusCode).toBe(401);
    expect((await kit.call('GET', '/api/me/sessions', { cookie })).statusCode).toBe(401);
    expect((await kit.call('GET', '/api/session', { cookie })).statusCode).toBe(401);
    expect(await kit.socket(cookie)).toBe(401);
    // Nor for a client that sends its token in the first frame.
    const token = cookie.slice('ts_session='.length);
    const firstFrame = await TestPeer.connect(server.wsUrl, {}, [AUTH_IN_FIRST_MESSAGE]);
    const closed = firstFrame.closed();
    firstFrame.send({ type: 'auth', token });
    expect(await closed).toBe(4401);

    const done = await secondStep(cookie, { code: kit.code(secret) });
    expect(done.statusCode).toBe(200);
    expect(done.json().user).toMatchObject({ username: 'benthanh.cv', totpEnabled: true, twoStepRequired: false });
    expect((await kit.call('GET', '/api/directory/bundle', { cookie })).statusCode).toBe(200);
    const peer = await kit.socket(cookie);
    expect(peer).toBeInstanceOf(TestPeer);
    (peer as TestPeer).close();
    expect(kit.audit('session.start').at(-1)).toEqual({ actor_id: 'u-benthanh-cv', detail: 'mã xác thực' });
  });

  it('takes a code one step either side of its clock, not two, and each step only once', async () => {
    clock += 5 * 60_000;
    const attempt = async (at: number) => {
      const { cookie } = await kit.password('benthanh.cv');
      return (await secondStep(cookie, { code: kit.code(secret, at) })).statusCode;
    };
    expect(await attempt(clock - STEP)).toBe(200); // the phone is a step behind
    expect(await attempt(clock)).toBe(200);
    expect(await attempt(clock)).toBe(401); // the same code again: refused
    expect(await attempt(clock + 2 * STEP)).toBe(401); // two steps ahead: outside the window
    expect(await attempt(clock + STEP)).toBe(200); // the phone is a step ahead
    expect(await attempt(clock)).toBe(401); // an older step after a newer one: refused
    clock += 2 * 60_000;
    const refused = kit.audit('session.second_factor_refused');
    expect(refused.length).toBeGreaterThanOrEqual(3);
    expect(refused.every((r) => r.actor_id === 'u-benthanh-cv' && /^[0-9a-f]{16}$/.test(r.detail ?? ''))).toBe(true);
  });

  it('takes each recovery code once, and audits its use', async () => {
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const [first, second] = recoveryCodes as [string, string];
    const one = await kit.password('benthanh.cv');
    // Typed in lower case without the dash: the same code.
    const used = await secondStep(one.cookie, { recoveryCode: first.toLowerCase().replace('-', '') });
    expect(used.statusCode).toBe(200);
    expect(kit.audit('recovery.use').at(-1)).toEqual({ actor_id: 'u-benthanh-cv', detail: 'còn 9 mã' });

    const again = await kit.password('benthanh.cv');
    const reused = await secondStep(again.cookie, { recoveryCode: first });
    expect(reused.statusCode).toBe(401);
    expect(reused.json()).toMatchObject({
      error: 'invalid_code',
      message: 'Mã khôi phục không đúng hoặc đã được dùng.',
    });
    expect((await secondStep(again.cookie, { recoveryCode: second })).statusCode).toBe(200);
    // Only the hashes are stored.
    const stored = server.app.context.db
      .prepare('SELECT code_hash FROM recovery_codes WHERE user_id = ?')
      .pluck()
      .all('u-benthanh-cv') as string[];
    expect(stored).toHaveLength(10);
    expect(stored.some((h) => recoveryCodes.some((c) => h.includes(c.replace('-', ''))))).toBe(false);
  });

  it('ends a pending session after five wrong codes', async () => {
    const { cookie } = await kit.password('benthanh.cv');
    for (let i = 0; i < 4; i++) {
      const wrong = await secondStep(cookie, { code: '000000' });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().error).toBe('invalid_code');
    }
    const fifth = await secondStep(cookie, { recoveryCode: 'AAAAA-AAAAA' });
    expect(fifth.json()).toMatchObject({ statusCode: 401, error: 'second_factor_ended' });
    // Even the right code no longer completes it.
    clock += STEP;
    expect((await secondStep(cookie, { code: kit.code(secret) })).statusCode).toBe(401);
  });

  it('refuses a second step without exactly one code, and for a session that needs none', async () => {
    const { cookie } = await kit.password('benthanh.cv');
    expect((await secondStep(cookie, {})).statusCode).toBe(400);
    expect((await secondStep(cookie, { code: '12345' })).statusCode).toBe(400);
    const plain = await kit.password('benthanh.vhxh');
    expect((await secondStep(plain.cookie, { code: '123456' })).statusCode).toBe(409);
  });
});

describe('two-step sign-in is required of leaders and administrators after a grace period', () => {
  let clock = Date.UTC(2026, 11, 1, 1, 0, 10);
  let server: TestServer;
  const kit = new SecurityKit(
    () => server,
    () => clock,
  );
  beforeAll(async () => {
    server = await new TestServer({ now: () => clock, sessionCheckMs: 100 }).start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('lets a deputy work within the grace period and says until when; after it, the session can only enrol', async () => {
    const first = await kit.password('benthanh.pct');
    expect(first.response.json()).toEqual({
      user: expect.objectContaining({
        username: 'benthanh.pct',
        totpEnabled: false,
        twoStepRequired: true,
        twoStepDeadline: clock + 14 * DAY,
      }),
    });
    expect((await kit.call('GET', '/api/directory/bundle', { cookie: first.cookie })).statusCode).toBe(200);
    const early = await kit.socket(first.cookie);
    expect(early).toBeInstanceOf(TestPeer);
    // A specialist is never asked.
    const specialist = await kit.password('benthanh.cv');
    expect(specialist.response.json().user).toMatchObject({ twoStepRequired: false, twoStepDeadline: null });

    clock += 14 * DAY;
    const late = await kit.password('benthanh.pct');
    expect(late.response.statusCode).toBe(200);
    expect(late.response.json()).toMatchObject({ mustEnrolTwoStep: true });
    const refused = await kit.call('GET', '/api/directory/bundle', { cookie: late.cookie });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      error: 'two_step_enrolment_required',
      message: expect.stringMatching(/hai bước/),
    });
    expect(await kit.socket(late.cookie)).toBe(403);
    expect((await kit.call('GET', '/api/me/sessions', { cookie: late.cookie })).statusCode).toBe(403);
    expect((await kit.call('GET', '/api/session', { cookie: late.cookie })).json()).toMatchObject({
      mustEnrolTwoStep: true,
    });

    // The session opened within the grace period leads to enrolment too, once it asks, and its socket closes.
    const closed = (early as TestPeer).closed();
    expect((await kit.call('GET', '/api/session', { cookie: first.cookie })).json()).toMatchObject({
      mustEnrolTwoStep: true,
    });
    expect(await closed).toBe(4401);
    expect((await kit.call('GET', '/api/directory/bundle', { cookie: first.cookie })).statusCode).toBe(403);
    // The specialist is untouched.
    expect((await kit.call('GET', '/api/directory/bundle', { cookie: specialist.cookie })).statusCode).toBe(200);

    // Enrolling makes the session a full one at once.
    await kit.enrol(late.cookie);
    expect((await kit.call('GET', '/api/directory/bundle', { cookie: late.cookie })).statusCode).toBe(200);
    const peer = await kit.socket(late.cookie);
    expect(peer).toBeInstanceOf(TestPeer);
    (peer as TestPeer).close();
    expect(kit.audit('totp.enable').map((r) => r.actor_id)).toEqual(['u-benthanh-pct']);
  });

  it('counts administrators in, whatever their rank', async () => {
    const admin = await kit.password('quantri');
    expect(admin.response.json().user).toMatchObject({
      rank: 5,
      twoStepRequired: true,
      twoStepDeadline: clock + 14 * DAY,
    });
  });

  it('takes the grace period from TOTP_GRACE_DAYS (default 14)', () => {
    expect(readConfig({}).TOTP_GRACE_DAYS).toBeUndefined();
    expect(readConfig({ TOTP_GRACE_DAYS: '30' }).TOTP_GRACE_DAYS).toBe(30);
    expect(() => readConfig({ TOTP_GRACE_DAYS: 'hai tuần' })).toThrow(/TOTP_GRACE_DAYS/);
    expect(server.app.context.totpGraceDays).toBe(14);
  });

  it('refuses to turn two-step sign-in off for a leader', async () => {
    clock += 60_000;
    const { cookie, response } = await kit.password('benthanh.pct');
    expect(response.json()).toEqual({ step: 'totp' });
    const secretRow = server.app.context.db
      .prepare('SELECT totp_secret FROM users WHERE id = ?')
      .pluck()
      .get('u-benthanh-pct') as string;
    const secret = (JSON.parse(secretRow) as { active: string }).active;
    expect(
      (await kit.call('POST', '/api/session/second-factor', { cookie, payload: { code: kit.code(secret) } }))
        .statusCode,
    ).toBe(200);
    clock += 60_000;
    const off = await kit.call('DELETE', '/api/me/totp', {
      cookie,
      payload: { password: DEMO_PASSWORD, code: kit.code(secret) },
    });
    expect(off.statusCode).toBe(403);
    expect(off.json().message).toBe('Tài khoản lãnh đạo và quản trị bắt buộc đăng nhập hai bước.');
  });
});

describe('rate limits on the second step', () => {
  let server: TestServer;
  const kit = new SecurityKit(
    () => server,
    () => Date.now(),
  );
  beforeAll(async () => {
    server = await new TestServer({ signInLimits: { perAddress: 100, perUsername: 3 } }).start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('counts second steps per person like sign-ins', async () => {
    const { cookie } = await kit.password('benthanh.cv');
    await kit.enrol(cookie);
    const pending = await kit.password('benthanh.cv');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await kit.call('POST', '/api/session/second-factor', { cookie: pending.cookie, payload: { code: '000000' } }))
          .statusCode,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
