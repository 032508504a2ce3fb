import type { SignedIn } from './session.ts';

/**
 * People's own security as the relay answers it (sync-server/src/plugins/security-routes.ts,
 * auth-routes.ts). Nothing here is guessed on the device: each call resolves with the server's
 * JSON or throws a `SecurityError` carrying the server's Vietnamese message, or `network`.
 */
export class SecurityError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SecurityError';
  }
}

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new SecurityError(0, 'network', '');
  }
  const json = (await response.json().catch(() => null)) as (T & { error?: string; message?: string }) | null;
  if (!response.ok) throw new SecurityError(response.status, json?.error ?? 'error', json?.message ?? '');
  return json as T;
}

/** One of the person's signed-in devices. */
export interface Device {
  readonly id: string;
  readonly device: string;
  readonly ip: string;
  readonly createdAt: number;
  readonly lastSeenAt: number | null;
  readonly current: boolean;
  readonly online: boolean;
}

export interface TotpSetup {
  readonly secret: string;
  readonly otpauthUri: string;
  readonly qrSvg: string;
}

export const securityApi = {
  session: () => call<SignedIn>('GET', '/api/session'),
  secondStep: (body: { code: string } | { recoveryCode: string }) =>
    call<SignedIn>('POST', '/api/session/second-factor', body),
  changePassword: (current: string, next: string) => call<{ ok: true }>('POST', '/api/me/password', { current, next }),
  setup: () => call<TotpSetup>('POST', '/api/me/totp/setup'),
  confirm: (code: string) => call<{ recoveryCodes: string[] }>('POST', '/api/me/totp/confirm', { code }),
  newRecoveryCodes: (code: string) =>
    call<{ recoveryCodes: string[] }>('POST', '/api/me/totp/recovery-codes', { code }),
  turnOff: (password: string, code: string) => call<{ ok: true }>('DELETE', '/api/me/totp', { password, code }),
  devices: () => call<{ sessions: Device[] }>('GET', '/api/me/sessions').then((r) => r.sessions),
  signOutDevice: (id: string) => call<{ ok: true }>('DELETE', `/api/me/sessions/${encodeURIComponent(id)}`),
};

/** What to show for a failed call: the server's message, or ours when it could not be reached. */
export function failure(error: unknown, networkMessage: string): string {
  if (error instanceof SecurityError && error.message) return error.message;
  return networkMessage;
}
