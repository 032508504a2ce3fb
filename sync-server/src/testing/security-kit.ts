import { DEMO_PASSWORD } from '@thongsuot/shared';
import type { LightMyRequestResponse } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { TestPeer } from './test-peer.ts';
import type { TestServer } from './test-server.ts';

/** A phone's browser, as the device list should describe it. */
export const ANDROID_CHROME =
  'Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
export const WINDOWS_EDGE =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0';

/**
 * What the security tests do with a test server: HTTP calls with a session cookie, sign-in in two
 * steps, one-time codes computed as an authenticator app would, at the relay's injected clock.
 */
export class SecurityKit {
  constructor(
    readonly server: () => TestServer,
    readonly clock: () => number,
  ) {}

  call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    options: { cookie?: string; payload?: unknown; headers?: Record<string, string>; remoteAddress?: string } = {},
  ): Promise<LightMyRequestResponse> {
    return this.server().app.server.inject({
      method,
      url,
      headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
      ...(options.payload !== undefined ? { payload: options.payload as object } : {}),
      ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
    });
  }

  /** The password step; the cookie it set, and the answer. */
  async password(
    username: string,
    password = DEMO_PASSWORD,
    headers: Record<string, string> = {},
  ): Promise<{ cookie: string; response: LightMyRequestResponse }> {
    const response = await this.call('POST', '/api/session', { payload: { username, password }, headers });
    const token = response.cookies.find((c) => c.name === 'ts_session')?.value;
    return { cookie: token ? `ts_session=${token}` : '', response };
  }

  /** The code an authenticator app shows for `secret` at `at` (the relay's clock by default). */
  code(secret: string, at = this.clock()): string {
    const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
    return totp.generate({ timestamp: at });
  }

  /** Sets two-step sign-in up on a session; the secret and the recovery codes. */
  async enrol(cookie: string): Promise<{ secret: string; recoveryCodes: string[] }> {
    const setup = await this.call('POST', '/api/me/totp/setup', { cookie });
    if (setup.statusCode !== 200) throw new Error(`setup: ${setup.statusCode} ${setup.body}`);
    const { secret } = setup.json() as { secret: string };
    const confirm = await this.call('POST', '/api/me/totp/confirm', { cookie, payload: { code: this.code(secret) } });
    if (confirm.statusCode !== 200) throw new Error(`confirm: ${confirm.statusCode} ${confirm.body}`);
    return { secret, recoveryCodes: (confirm.json() as { recoveryCodes: string[] }).recoveryCodes };
  }

  /** Opens the sync socket with `cookie`; the peer, or the HTTP status that refused the upgrade. */
  async socket(cookie: string): Promise<TestPeer | number> {
    try {
      return await TestPeer.connect(this.server().wsUrl, { cookie });
    } catch (error) {
      const match = /upgrade refused: (\d+)/.exec((error as Error).message);
      if (match) return Number(match[1]);
      throw error;
    }
  }

  audit(action: string): { actor_id: string | null; detail: string | null }[] {
    return this.server()
      .app.context.db.prepare('SELECT actor_id, detail FROM audit_log WHERE action = ? ORDER BY id')
      .all(action) as { actor_id: string | null; detail: string | null }[];
  }
}
