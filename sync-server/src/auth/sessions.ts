import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { ServerContext } from '../context.ts';
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

/** How often a session's "last seen" is written: a person's device list needs minutes, not every request. */
export const LAST_SEEN_EVERY_MS = 60_000;

/**
 * The enabled account of a live, full session, by the hash of its token: not one still at its
 * second step or forced enrolment, nor one whose person must change their password first
 * (`AccountStore.session`). Marks the session as seen, at most once a minute.
 */
export function accountOfSession(accounts: AccountStore, tokenHash: string, now: number): Account | null {
  const session = accounts.session(tokenHash, now);
  if (!session) return null;
  const account = accounts.byId(session.userId);
  if (!account || account.disabled) return null;
  if (session.lastSeenAt === null || now - session.lastSeenAt >= LAST_SEEN_EVERY_MS)
    accounts.touchSession(tokenHash, now);
  return account;
}

/**
 * Several nodes: a session made or changed on another node a moment ago (signed in, second step
 * given) may not be applied here yet (its change is announced through Redis, and read every
 * second in any case). A request whose token is not a live session here waits until the node has
 * read the log up to now, so the device's next request, sent to whichever node, finds it as it is
 * (docs/scale-out.md). Concurrent waits share one read.
 */
export function catchUpOnUnknownSession(ctx: ServerContext): onRequestAsyncHookHandler {
  return async (request) => {
    const token = tokenOf(request);
    if (token && ctx.accounts.session(hashToken(token), ctx.now()) === null) await ctx.control.caughtUp();
  };
}
