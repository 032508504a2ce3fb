import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Memory-hard password hashing with scrypt (N=2^15, r=8: 32 MiB per hash), built into Node,
 * so no native addon is needed. Stored as `scrypt$N$r$p$salt$hash` (base64) so the cost can
 * be raised later without invalidating old hashes.
 */
const N = 1 << 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAX_MEM = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: MAX_MEM }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * For the random one-time passwords an administrator hands over (admin/temporary-password.ts:
 * ~59 bits, to be replaced at the first sign-in): N=2^12, 4 MiB. Guessing among 2^59 is out of
 * reach at any cost per guess; the memory-hard 32 MiB is for the passwords people choose. Eight
 * times cheaper, so importing a city's 50,000 officials takes minutes of CPU, not the better part
 * of an hour.
 */
const ONE_TIME_N = 1 << 12;

async function hashWith(password: string, n: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, n, R, P);
  return `scrypt$${n}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function hashPassword(password: string): Promise<string> {
  return hashWith(password, N);
}

export function hashOneTimePassword(password: string): Promise<string> {
  return hashWith(password, ONE_TIME_N);
}

const PADDING_SALT = randomBytes(16);

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  // A cheaper hash (a one-time password) is checked as slowly as any other: how long a refusal
  // takes must not tell which accounts still hold the password they were handed.
  if (Number(n) < N) await derive(password, PADDING_SALT, N, R, P);
  return key.length === expected.length && timingSafeEqual(key, expected);
}
