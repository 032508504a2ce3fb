import { createHash, randomBytes } from 'node:crypto';
import { RANKS } from '@thongsuot/shared';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { Account } from '../storage/account-store.ts';

/**
 * Two-step sign-in with a time-based one-time code (RFC 6238), as every authenticator app makes
 * it: SHA-1, 6 digits, 30-second steps. A code is accepted for the step before and after the
 * relay's clock (a phone's clock is often a few seconds off), and each step only once
 * (`users.totp_last_step`), so a code read over someone's shoulder cannot be used again.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of the current one that are still accepted. */
export const TOTP_WINDOW = 1;
const ISSUER = 'Thông Suốt';

function totp(secret: string, label = ''): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** A new secret, base32 (20 random bytes, the size RFC 4226 recommends for SHA-1). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://` address an authenticator app reads from the QR code. */
export function otpauthUri(secret: string, username: string): string {
  return totp(secret, username).toString();
}

/** The QR code of `uri` as an SVG document (shown by the app as a `data:` image). */
export function qrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** The step (30-second period since 1970) `code` belongs to within the window around `now`, or null. */
export function matchingStep(secret: string, code: string, now: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secret).validate({ token: code, timestamp: now, window: TOTP_WINDOW });
  return delta === null ? null : Math.floor(now / 1000 / TOTP_PERIOD_SECONDS) + delta;
}

/** How many recovery codes a person gets; each works once. */
export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * One recovery code: 10 characters from an alphabet without look-alikes (50 bits), shown as
 * `XXXXX-XXXXX`. Random enough that storing its SHA-256 (no salt, no slow hash) is safe.
 */
function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
}

/** What is stored of a recovery code: the hash of its characters, ignoring case, spaces and dashes. */
export function hashRecoveryCode(code: string): string {
  const normalized = code.toUpperCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(normalized).digest('hex');
}

/** Leaders (heads and deputies) and administrators must sign in with two steps. */
export function twoStepRequired(account: Pick<Account, 'rank' | 'roles'>): boolean {
  return account.rank <= RANKS.deputy || account.roles.includes('admin');
}
