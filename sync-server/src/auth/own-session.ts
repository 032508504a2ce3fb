import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler, preHandlerAsyncHookHandler } from 'fastify';
import type { ServerContext } from '../context.ts';
import type { Account } from '../storage/account-store.ts';
import { markGuard, sendError, UNAUTHENTICATED } from './guards.ts';
import type { SecurityStore, SessionStage, SessionState } from './security-store.ts';
import { hashToken, LAST_SEEN_EVERY_MS, tokenOf } from './sessions.ts';
import { twoStepRequired } from './totp.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The session a security route runs for (set by `requireOwnSession`), whatever its stage. */
    ownSession?: SessionState;
  }
}

export const DAY_MS = 86_400_000;

/** Where a person stands with two-step sign-in. */
export interface TwoStepStatus {
  /** A leader (head or deputy) or an administrator. */
  readonly required: boolean;
  readonly enabled: boolean;
  /** Required and not on: the day after which sign-in leads to enrolment first (ms since the epoch). */
  readonly deadline: number | null;
  /** Required, not on, and the grace period is over. */
  readonly overdue: boolean;
}

/** The grace period counts from the person's first sign-in (their first session, of any stage). */
export function twoStepStatus(ctx: ServerContext, store: SecurityStore, account: Account, now: number): TwoStepStatus {
  const required = twoStepRequired(account);
  if (!required || account.totpEnabled) {
    return { required, enabled: account.totpEnabled, deadline: null, overdue: false };
  }
  const deadline = (store.firstSessionAt(account.id) ?? now) + ctx.totpGraceDays * DAY_MS;
  return { required, enabled: false, deadline, overdue: now >= deadline };
}

/** Who the person is, as the app keeps it (cached on the device so it opens offline). */
export function publicProfile(account: Account, twoStep: TwoStepStatus) {
  return {
    id: account.id,
    username: account.username,
    fullName: account.fullName,
    position: account.position,
    unitId: account.unitId,
    // The client offers only the actions the access rules allow; the relay still checks each.
    rank: account.rank,
    // System roles: the app shows the admin console to administrators and the audit log to them and inspectors.
    roles: account.roles,
    // Units merged into the person's (docs/operations.md "Administration"): their open work is theirs now.
    mergedUnitIds: account.mergedUnitIds ?? [],
    totpEnabled: account.totpEnabled,
    twoStepRequired: twoStep.required,
    twoStepDeadline: twoStep.deadline,
  };
}

/** Schema of `publicProfile`, for the routes' responses and the OpenAPI document. */
export const profileSchema = {
  type: 'object',
  required: ['id', 'username', 'fullName', 'position', 'unitId', 'rank', 'roles', 'totpEnabled', 'twoStepRequired'],
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    fullName: { type: 'string' },
    position: { type: 'string' },
    unitId: { type: 'string' },
    rank: { type: 'integer' },
    roles: { type: 'array', items: { type: 'string', enum: ['admin', 'inspector'] } },
    mergedUnitIds: { type: 'array', items: { type: 'string' }, description: 'units merged into this one' },
    totpEnabled: { type: 'boolean' },
    twoStepRequired: { type: 'boolean', description: 'a leader or administrator: two-step sign-in is required' },
    twoStepDeadline: {
      type: ['integer', 'null'],
      description: 'required but not on: when the grace period ends (ms since the epoch)',
    },
  },
} as const;

/** What a route is, for the restrictions of sessions that are not full ones. */
export type RouteKind = 'session' | 'second_factor' | 'password' | 'totp' | 'other';

export const PASSWORD_CHANGE_REQUIRED = 'Bạn cần đặt mật khẩu mới trước khi tiếp tục.';
export const ENROLMENT_REQUIRED = 'Bạn cần bật đăng nhập hai bước trước khi tiếp tục.';

/**
 * Why a session of this stage, for an account that must (or need not) change its password, may
 * not use a route of this kind; null if it may. In order: the second step, then a forced password
 * change, then a forced enrolment; GET/DELETE /api/session take every stage.
 */
export function restriction(
  stage: SessionStage,
  mustChangePassword: boolean,
  kind: RouteKind,
): { status: 401 | 403; error: string; message: string } | null {
  if (kind === 'session') return null;
  if (stage === 'second_factor') {
    return kind === 'second_factor'
      ? null
      : { status: 401, error: 'second_factor_required', message: 'Bạn cần nhập mã đăng nhập hai bước trước.' };
  }
  if (mustChangePassword) {
    return kind === 'password'
      ? null
      : { status: 403, error: 'password_change_required', message: PASSWORD_CHANGE_REQUIRED };
  }
  if (stage === 'enrol') {
    return kind === 'totp' ? null : { status: 403, error: 'two_step_enrolment_required', message: ENROLMENT_REQUIRED };
  }
  return null;
}

/** The request's session (live: not revoked, not expired) and its enabled account, whatever the stage. */
export function ownSession(
  ctx: ServerContext,
  store: SecurityStore,
  request: FastifyRequest,
): { session: SessionState; account: Account } | null {
  const token = tokenOf(request);
  if (!token) return null;
  const now = ctx.now();
  const session = store.session(hashToken(token), now);
  if (!session || session.revokedAt !== null) return null;
  const account = ctx.accounts.byId(session.userId);
  if (!account || account.disabled) return null;
  if (session.lastSeenAt === null || now - session.lastSeenAt >= LAST_SEEN_EVERY_MS)
    store.touch(session.tokenHash, now);
  return { session, account };
}

/**
 * A guard for the security routes (run before the body is read, like `requireSession`): 401 without a live session of an enabled account, the
 * restriction's answer when this session may not use a route of `kind` yet; sets
 * `request.account` and `request.ownSession`.
 */
export function requireOwnSession(
  ctx: ServerContext,
  store: SecurityStore,
  kind: RouteKind,
): preHandlerAsyncHookHandler {
  return markGuard(async (request: FastifyRequest, reply: FastifyReply) => {
    const found = ownSession(ctx, store, request);
    if (!found) return sendError(reply, 401, 'unauthenticated', UNAUTHENTICATED);
    const refused = restriction(found.session.stage, found.account.mustChangePassword, kind);
    if (refused) return sendError(reply, refused.status, refused.error, refused.message);
    request.account = found.account;
    request.ownSession = found.session;
  });
}

export function ownSessionOf(request: FastifyRequest): SessionState {
  if (!request.ownSession) throw new Error('route has no own-session guard');
  return request.ownSession;
}

const SECURITY_ROUTES: Readonly<Record<string, RouteKind>> = {
  'GET /api/session': 'session',
  'POST /api/session': 'session',
  'DELETE /api/session': 'session',
  'POST /api/session/second-factor': 'second_factor',
  'POST /api/me/password': 'password',
};

function kindOf(method: string, url: string): RouteKind {
  const known = SECURITY_ROUTES[`${method} ${url}`];
  if (known) return known;
  return url.startsWith('/api/me/totp') ? 'totp' : 'other';
}

/**
 * An onRequest hook for the whole relay: a session that must change its password or enrol in
 * two-step sign-in first gets a 403 that says so from every other route and the sockets, not a
 * bare 401, so the app knows what to ask for. (They refuse such a session anyway:
 * `AccountStore.session` does not count it.) Requests without a session token pass untouched.
 */
export function restrictedSessionGate(ctx: ServerContext, store: SecurityStore): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.routeOptions.url;
    if (!url || !(url.startsWith('/api/') || url === '/sync' || url.startsWith('/yjs'))) return;
    if (kindOf(request.method, url) !== 'other') return; // the security routes check for themselves
    const token = tokenOf(request);
    if (!token) return;
    const found = store.restriction(hashToken(token), ctx.now());
    if (!found) return;
    const refused = restriction(found.stage, found.mustChangePassword, 'other');
    if (refused && refused.status === 403) return sendError(reply, 403, refused.error, refused.message);
  };
}
