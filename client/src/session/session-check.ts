import { cachedSession, cacheSession, type SessionStep, type SessionUser, type SignedIn, stepOf } from './session.ts';

let owed: { step: SessionStep; user?: SessionUser } | null = null;

/** What the last session check said must come first (read by the sign-in screen's later steps). */
export function owedStep(): { step: SessionStep; user?: SessionUser } | null {
  return owed;
}

export function clearOwedStep(): void {
  owed = null;
}

/**
 * Asks the relay whether the session still holds (the sync socket was refused or closed with
 * 4401): true also when the relay cannot be reached. A locked account (403 `account_locked`) or a
 * session that owes a new password or enrolment is false, and `owedStep` says which; a session
 * that merely ended (401) is false with nothing owed: signed out, as before.
 */
export async function checkSession(): Promise<boolean> {
  try {
    const response = await fetch('/api/session', { credentials: 'same-origin' });
    owed = null;
    if (response.status === 403) {
      const body = (await response.json().catch(() => ({}))) as { error?: string };
      if (body.error === 'account_locked') owed = { step: 'locked' };
      return body.error !== 'account_locked';
    }
    if (!response.ok) return response.status !== 401;
    const answer = (await response.json()) as SignedIn;
    const step = stepOf(answer);
    if (step) owed = { step, user: answer.user };
    // Keeps what the device shows of the person current (two-step sign-in turned on elsewhere).
    else if (cachedSession()?.id === answer.user.id) cacheSession(answer.user);
    return !step;
  } catch {
    return true;
  }
}
