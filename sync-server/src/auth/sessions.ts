import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Account, AccountStore } from '../storage/account-store.ts';

export const SESSION_COOKIE = 'ts_session';
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Only a hash of the token is stored, so a copy of the database does not yield live sessions. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The session token from the HttpOnly cookie (the PWA) or an Authorization header (other clients). */
export function tokenOf(request: FastifyRequest): string | null {
  const fromCookie = request.cookies[SESSION_COOKIE];
  if (fromCookie) return fromCookie;
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim() || null;
  return null;
}

export function authenticate(request: FastifyRequest, accounts: AccountStore, now: number): Account | null {
  const token = tokenOf(request);
  return token ? accountOfSession(accounts, hashToken(token), now) : null;
}

/** The enabled account of a live session, by the hash of its token. */
export function accountOfSession(accounts: AccountStore, tokenHash: string, now: number): Account | null {
  const session = accounts.session(tokenHash, now);
  if (!session) return null;
  const account = accounts.byId(session.userId);
  return account && !account.disabled ? account : null;
}
