/** The signed-in person, as the server describes them. The token itself stays in an HttpOnly cookie. */
export interface SessionUser {
  readonly id: string;
  readonly username: string;
  readonly fullName: string;
  readonly position: string;
  readonly unitId: string;
  /** 1 = head of unit (org/positions.ts); absent in sessions cached before it was sent. */
  readonly rank?: number;
  /** System roles (`admin`, `inspector`); absent in sessions cached before they were sent. */
  readonly roles?: readonly string[];
}

const STORAGE_KEY = 'thongsuot.session';

/**
 * Kept in localStorage so the installed app reopens signed in with no network. It holds only
 * who the person is; the server still checks the cookie on every request and socket.
 */
export function cachedSession(): SessionUser | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as SessionUser) : null;
  } catch {
    return null;
  }
}

export function cacheSession(user: SessionUser | null): void {
  if (user) localStorage.setItem(STORAGE_KEY, JSON.stringify(user));
  else localStorage.removeItem(STORAGE_KEY);
}

export type SignInResult = { ok: true; user: SessionUser } | { ok: false; reason: 'invalid' | 'network' | 'tooMany' };

export async function signIn(username: string, password: string): Promise<SignInResult> {
  try {
    const response = await fetch('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
      credentials: 'same-origin',
    });
    if (response.status === 429) return { ok: false, reason: 'tooMany' };
    if (!response.ok) return { ok: false, reason: 'invalid' };
    const { user } = (await response.json()) as { user: SessionUser };
    cacheSession(user);
    return { ok: true, user };
  } catch {
    return { ok: false, reason: 'network' };
  }
}

/** True if the server still accepts the session; true as well when the server cannot be reached. */
export async function sessionStillValid(): Promise<boolean> {
  try {
    const response = await fetch('/api/session', { credentials: 'same-origin' });
    return response.status !== 401;
  } catch {
    return true;
  }
}
