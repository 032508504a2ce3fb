import { createHash } from 'node:crypto';

/**
 * The id a session is shown and revoked by (the administrator's device list, a person's own
 * list of signed-in devices): the first 16 hex characters of SHA-256 of the stored token hash.
 * Never the stored hash itself, which is what the socket and the cookie check compare against:
 * a page showing it would hand out something one step closer to a live session.
 */
export function publicSessionId(tokenHash: string): string {
  return createHash('sha256').update(tokenHash).digest('hex').slice(0, 16);
}
