import { randomInt } from 'node:crypto';
import { hashOneTimePassword } from '../auth/password.ts';

/** Letters and digits nobody misreads on paper or a phone screen (no i, l, o, 0, 1). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * A one-time password an administrator hands over (shown once, never stored in clear): 12
 * random characters (~59 bits), grouped by four so it can be read out: `k7pm-w3qa-z9ue`.
 */
export function temporaryPassword(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8)].map((g) => g.join('')).join('-');
}

/**
 * How many scrypt hashes run at once. Each takes 32 MiB and a thread of libuv's pool (4 by
 * default); three leave one thread for sign-ins and file reads, and two cores stay busy.
 */
export const HASH_CONCURRENCY = 3;

/** Hashes one-time passwords with password.ts's scrypt (`hashOneTimePassword`), a few at a time; in the input's order. */
export async function hashAll(
  passwords: readonly string[],
  concurrency = HASH_CONCURRENCY,
  progress?: (done: number) => void,
): Promise<string[]> {
  const out = new Array<string>(passwords.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < passwords.length) {
      const i = next++;
      out[i] = await hashOneTimePassword(passwords[i] as string);
      progress?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, passwords.length) }, worker));
  return out;
}
