import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SecurityKit } from '../testing/security-kit.ts';
import type { TestPeer } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe('an administrator resets someone’s two-step sign-in (lost phone and recovery codes)', () => {
  const clock = Date.UTC(2026, 10, 30, 3, 0, 0);
  let server: TestServer;
  const kit = new SecurityKit(
    () => server,
    () => clock,
  );
  let admin: string;

  beforeAll(async () => {
    server = await new TestServer({ now: () => clock }).start();
    admin = (await kit.password('quantri')).cookie;
  });
  afterAll(async () => {
    await server.stop();
  });

  it('clears the secret and the codes, signs every device out, and the next sign-in needs no code', async () => {
    const deputy = (await kit.password('benthanh.pct')).cookie;
    await kit.enrol(deputy);
    const phone = (await kit.socket(deputy)) as TestPeer;
    const closed = phone.closed();
    // With two-step on, the password alone is not a session.
    expect((await kit.password('benthanh.pct')).response.json()).toMatchObject({ step: 'totp' });

    const reset = await kit.call('POST', '/api/admin/accounts/u-benthanh-pct/reset-two-step', { cookie: admin });
    expect(reset.statusCode).toBe(200);
    expect(reset.json().sessionsEnded).toBeGreaterThanOrEqual(1);
    expect(await closed).toBe(4401);
    expect((await kit.call('GET', '/api/session', { cookie: deputy })).statusCode).toBe(401);

    const again = await kit.password('benthanh.pct');
    expect(again.response.statusCode).toBe(200);
    expect(again.response.json()).not.toMatchObject({ step: 'totp' });
    expect(again.response.json().user).toMatchObject({ id: 'u-benthanh-pct', totpEnabled: false });
    const row = server.app.context.db
      .prepare(
        "SELECT totp_secret, (SELECT COUNT(*) FROM recovery_codes WHERE user_id = 'u-benthanh-pct') AS codes FROM users WHERE id = 'u-benthanh-pct'",
      )
      .get();
    expect(row).toEqual({ totp_secret: null, codes: 0 });
    expect(kit.audit('admin.two_step.reset')).toEqual([
      { actor_id: 'u-quantri', detail: expect.stringContaining('benthanh.pct (u-benthanh-pct)') },
    ]);
  });

  it('refuses an official who is not an administrator, the administrator’s own account, and an account without it', async () => {
    const chairman = (await kit.password('chutich')).cookie;
    const call = (cookie: string, id: string) =>
      kit.call('POST', `/api/admin/accounts/${id}/reset-two-step`, { cookie });
    expect((await call('', 'u-benthanh-pct')).statusCode).toBe(401);
    expect((await call(chairman, 'u-benthanh-pct')).statusCode).toBe(403);
    expect((await call(admin, 'u-quantri')).json()).toMatchObject({ statusCode: 409, error: 'own_account' });
    expect((await call(admin, 'u-vanphong')).json()).toMatchObject({ statusCode: 409, error: 'two_step_off' });
    expect((await call(admin, 'u-nobody')).statusCode).toBe(404);
  });
});
