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
  /** Units merged into the person's: their open work is the unit's now. */
  readonly mergedUnitIds?: readonly string[];
  /** Two-step sign-in is on (absent in sessions cached before it was sent). */
  readonly totpEnabled?: boolean;
  /** A leader or administrator: two-step sign-in is required of them. */
  readonly twoStepRequired?: boolean;
  /** Required and not on yet: when the grace period ends (ms since the epoch). */
  readonly twoStepDeadline?: number | null;
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

/**
 * What must come before the app, when the server says so: the one-time code, a new password
 * (an administrator's reset), enrolling in two-step sign-in (a leader past the grace period),
 * or nothing more because the account is locked (the device keeps its data and outbox).
 */
export type SessionStep = 'totp' | 'password' | 'enrol' | 'locked';

/** The server's signed-in answer: the person, and the step still owed. */
export interface SignedIn {
  readonly user: SessionUser;
  readonly mustChangePassword?: boolean;
  readonly mustEnrolTwoStep?: boolean;
}

/** The step a signed-in answer still asks for, if any. */
export function stepOf(answer: SignedIn): SessionStep | null {
  return answer.mustChangePassword ? 'password' : answer.mustEnrolTwoStep ? 'enrol' : null;
}

export type SignInResult =
  | { ok: true; user: SessionUser | null; step: SessionStep | null }
  | { ok: false; reason: 'invalid' | 'network' | 'tooMany' | 'server' };

export async function signIn(username: string, password: string): Promise<SignInResult> {
  try {
    const response = await fetch('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
      credentials: 'same-origin',
    });
    if (response.status === 429) return { ok: false, reason: 'tooMany' };
    // A server that failed (storage or the shared limits unreachable) did not judge the password.
    if (response.status >= 500) return { ok: false, reason: 'server' };
    if (!response.ok) return { ok: false, reason: 'invalid' };
    const answer = (await response.json()) as SignedIn | { step: 'totp' };
    if (!('user' in answer)) return { ok: true, user: null, step: 'totp' };
    const step = stepOf(answer);
    // Cached only once nothing is owed: a reload midway starts from the password again.
    if (!step) cacheSession(answer.user);
    return { ok: true, user: answer.user, step };
  } catch {
    return { ok: false, reason: 'network' };
  }
}

/**
 * True if the server still accepts the session for everything; true as well when the server
 * cannot be reached. A locked account, or a session that owes a new password or enrolment
 * first, is false, and the sign-in screen says which (session-check.ts, loaded when asked).
 */
export function sessionStillValid(): Promise<boolean> {
  return import('./session-check.ts').then((m) => m.checkSession());
}
