import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorSchema, sendError, UNAUTHENTICATED } from '../auth/guards.ts';
import { addressKey, countAttempt, limitKey, limitsUnavailable } from '../auth/limit-keys.ts';
import {
  ownSession,
  ownSessionOf,
  profileSchema,
  publicProfile,
  requireOwnSession,
  twoStepStatus,
} from '../auth/own-session.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { SecurityStore } from '../auth/security-store.ts';
import { publicSessionId } from '../auth/session-id.ts';
import { hashToken, newToken, SESSION_COOKIE, SESSION_TTL_MS, tokenOf } from '../auth/sessions.ts';
import { SIGN_IN_WINDOW_MS } from '../auth/sign-in-limits.ts';
import { hashRecoveryCode, matchingStep } from '../auth/totp.ts';
import type { ServerContext } from '../context.ts';
import type { Account } from '../storage/account-store.ts';

function signInName(body: unknown): string {
  const name = (body as { username?: unknown } | undefined)?.username;
  return typeof name === 'string' ? name.trim().toLowerCase() : '';
}

/** Wrong second steps a pending session may give before it is ended. */
export const MAX_SECOND_FACTOR_FAILURES = 5;

export const ACCOUNT_LOCKED =
  'Tài khoản của bạn đã bị khóa. Những thay đổi chưa gửi vẫn được giữ trên thiết bị này; hãy liên hệ người quản trị của đơn vị.';

/** The signed-in answer: who, and what the app must ask for before anything else. */
const signedInSchema = {
  type: 'object',
  required: ['user'],
  properties: {
    user: profileSchema,
    mustChangePassword: { type: 'boolean', description: 'choose a new password before anything else' },
    mustEnrolTwoStep: {
      type: 'boolean',
      description: 'a leader or administrator past the grace period: set up two-step sign-in before anything else',
    },
  },
} as const;

const signInSchema = {
  tags: ['session'],
  summary: 'Sign in with username and password',
  description:
    'Đăng nhập. Tài khoản đã bật đăng nhập hai bước nhận {step:"totp"} và phải gửi mã tới /api/session/second-factor.',
  body: {
    type: 'object',
    required: ['username', 'password'],
    additionalProperties: false,
    properties: {
      username: { type: 'string', minLength: 1, maxLength: 100 },
      password: { type: 'string', minLength: 1, maxLength: 200 },
    },
  },
  response: {
    200: {
      oneOf: [
        signedInSchema,
        {
          type: 'object',
          required: ['step'],
          properties: { step: { type: 'string', enum: ['totp'] } },
        },
      ],
    },
    401: errorSchema,
    429: errorSchema,
  },
} as const;

const secondFactorSchema = {
  tags: ['session'],
  summary: 'Complete a sign-in with a one-time code or a recovery code',
  description: 'Bước thứ hai của đăng nhập: mã 6 số từ ứng dụng xác thực, hoặc một mã khôi phục (mỗi mã dùng một lần).',
  security: [{ session: [] }],
  body: {
    type: 'object',
    additionalProperties: false,
    properties: {
      code: { type: 'string', pattern: '^[0-9]{6}$' },
      recoveryCode: { type: 'string', minLength: 8, maxLength: 40 },
    },
  },
  response: { 200: signedInSchema, 400: errorSchema, 401: errorSchema, 409: errorSchema, 429: errorSchema },
} as const;

/** The answer the client shows as "too many attempts" (it reads the status; keep the body's shape). */
function tooManyAttempts(reply: FastifyReply, retryAfterSeconds: number): FastifyReply {
  return reply
    .code(429)
    .header('retry-after', String(retryAfterSeconds))
    .send({
      statusCode: 429,
      error: 'too_many_attempts',
      message: `Đã thử đăng nhập quá nhiều lần; hãy thử lại sau ${retryAfterSeconds} giây.`,
    });
}

/**
 * Sign-in (password, then the second step when the account has one), sign-out and "who am I",
 * with the session in an HttpOnly SameSite cookie. What a session may do at each stage:
 * auth/security-store.ts `SessionStage`, auth/own-session.ts `restriction`.
 */
export async function authRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const store = new SecurityStore(ctx.db);
  // What an unknown name's password is checked against, so that refusing it costs the same
  // 32 MiB scrypt as refusing a known name's wrong password: the answer's time must not tell
  // which names exist. Same parameters as every stored hash; started now, awaited when needed.
  const dummyHash = hashPassword(randomBytes(24).toString('base64'));
  dummyHash.catch(() => {}); // a failure surfaces in the handler that awaits it

  // Password guessing, and the 32 MiB hash each attempt costs, limited per client address
  // across names (one password sprayed over every name) and per name across addresses (one
  // name guessed from many). The address is `request.ip`: from X-Forwarded-For only behind a
  // trusted proxy (`trustProxy`), IPv6 counted by /64. Checked in order, so an attempt refused
  // for its address does not use up the attempts of the name it tried. Second steps are counted
  // the same way, per address and per person (whose pending session it is).
  const limiter = (name: string, keyGenerator: (request: FastifyRequest) => string) => {
    const perAddress = app.createRateLimit({
      max: ctx.signInLimits.perAddress,
      timeWindow: SIGN_IN_WINDOW_MS,
      keyGenerator: (request) => limitKey(`${name}:address`, addressKey(request.ip)),
    });
    const perName = app.createRateLimit({
      max: ctx.signInLimits.perUsername,
      timeWindow: SIGN_IN_WINDOW_MS,
      keyGenerator: (request) => limitKey(`${name}:name`, keyGenerator(request)),
    });
    return async (request: FastifyRequest, reply: FastifyReply) => {
      for (const limit of [perAddress, perName]) {
        const counted = await countAttempt(limit, request);
        if (!counted) return limitsUnavailable(reply);
        if (counted.exceeded) return tooManyAttempts(reply, counted.retryAfter);
      }
    };
  };
  const limitAttempts = limiter('sign-in', (request) => signInName(request.body));
  const limitSecondSteps = limiter('second-step', (request) => {
    const token = tokenOf(request);
    const session = token ? store.session(hashToken(token), ctx.now()) : null;
    return session?.userId ?? addressKey(request.ip);
  });

  const setCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.secureCookies,
      path: '/',
      maxAge: SESSION_TTL_MS / 1000,
    });

  /** The signed-in answer for a session at `stage` (never `second_factor`). */
  const signedIn = (account: Account, now: number, enrol: boolean) => ({
    user: publicProfile(account, twoStepStatus(ctx, store, account, now)),
    ...(account.mustChangePassword ? { mustChangePassword: true } : {}),
    ...(enrol ? { mustEnrolTwoStep: true } : {}),
  });

  app.post<{ Body: { username: string; password: string } }>(
    '/api/session',
    { schema: signInSchema, preHandler: limitAttempts },
    async (request, reply) => {
      const { username, password } = request.body;
      const account = ctx.accounts.byUsername(signInName(request.body));
      // One full hash on every path: unknown names against the dummy, disabled accounts too.
      const matches = await verifyPassword(password, account?.passwordHash ?? (await dummyHash));
      if (!account || account.disabled || !matches) {
        await ctx.accounts.audit(ctx.now(), account?.id ?? null, 'session.refused', username);
        return sendError(reply, 401, 'invalid_credentials', 'Tên đăng nhập hoặc mật khẩu không đúng.');
      }
      const token = newToken();
      const now = ctx.now();
      // Counted before this session exists: a person's very first sign-in starts the grace period.
      const twoStep = twoStepStatus(ctx, store, account, now);
      const stage = account.totpEnabled ? 'second_factor' : twoStep.overdue ? 'enrol' : 'full';
      await store.createSession(
        { tokenHash: hashToken(token), userId: account.id, now, expiresAt: now + SESSION_TTL_MS, stage },
        { userAgent: request.headers['user-agent'] ?? '', ip: request.ip },
      );
      await ctx.accounts.audit(
        now,
        account.id,
        stage === 'second_factor' ? 'session.second_factor_asked' : 'session.start',
        null,
      );
      setCookie(reply, token);
      if (stage === 'second_factor') return { step: 'totp' };
      return signedIn(account, now, stage === 'enrol');
    },
  );

  app.post<{ Body: { code?: string; recoveryCode?: string } }>(
    '/api/session/second-factor',
    { schema: secondFactorSchema, preHandler: [limitSecondSteps, requireOwnSession(ctx, store, 'second_factor')] },
    async (request, reply) => {
      const session = ownSessionOf(request);
      const account = request.account as Account;
      if (session.stage !== 'second_factor') {
        return sendError(reply, 409, 'not_pending', 'Phiên này đã đăng nhập xong.');
      }
      const { code, recoveryCode } = request.body;
      if ((code === undefined) === (recoveryCode === undefined)) {
        return sendError(reply, 400, 'bad_request', 'Hãy gửi đúng một mã: mã xác thực hoặc mã khôi phục.');
      }
      const now = ctx.now();
      const secret = store.totp(account.id).active;
      let accepted = false;
      if (secret && code !== undefined) {
        const step = matchingStep(secret, code, now);
        accepted = step !== null && (await store.useStep(account.id, step));
      } else if (secret && recoveryCode !== undefined) {
        accepted = await store.useRecoveryCode(account.id, hashRecoveryCode(recoveryCode), now);
        if (accepted) {
          const left = store.unusedRecoveryCodes(account.id);
          await ctx.audit.record({ actorId: account.id, action: 'recovery.use', detail: `còn ${left} mã` });
        }
      }
      const publicId = publicSessionId(session.tokenHash);
      if (!accepted) {
        await ctx.audit.record({ actorId: account.id, action: 'session.second_factor_refused', detail: publicId });
        if (store.secondFactorFailures(account.id, publicId, session.createdAt) >= MAX_SECOND_FACTOR_FAILURES) {
          await store.revoke(session.tokenHash, now);
          reply.clearCookie(SESSION_COOKIE, { path: '/' });
          return sendError(reply, 401, 'second_factor_ended', 'Nhập sai quá nhiều lần. Hãy đăng nhập lại từ đầu.');
        }
        return sendError(
          reply,
          401,
          'invalid_code',
          recoveryCode !== undefined
            ? 'Mã khôi phục không đúng hoặc đã được dùng.'
            : 'Mã xác thực không đúng hoặc đã được dùng; hãy nhập mã mới trên ứng dụng.',
        );
      }
      await store.setStage(session.tokenHash, 'full');
      await ctx.accounts.audit(
        now,
        account.id,
        'session.start',
        recoveryCode !== undefined ? 'mã khôi phục' : 'mã xác thực',
      );
      return signedIn(account, now, false);
    },
  );

  app.get(
    '/api/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Who is signed in, and what they must do first',
        description:
          'Phiên hiện tại. 401 khi chưa đăng nhập, phiên đã hết hạn hoặc bị thu hồi; 403 account_locked khi tài khoản đã bị khóa.',
        security: [{ session: [] }],
        response: { 200: signedInSchema, 401: errorSchema, 403: errorSchema },
      },
    },
    async (request, reply) => {
      const now = ctx.now();
      const token = tokenOf(request);
      const session = token ? store.session(hashToken(token), now) : null;
      const account = session ? ctx.accounts.byId(session.userId) : null;
      if (!session || !account) return sendError(reply, 401, 'unauthenticated', UNAUTHENTICATED);
      // A locked account's device learns it is locked (not merely signed out), also when locking
      // it ended its sessions; a session that ended before the lock is simply over.
      const disabledAt = account.disabled ? store.disabledAt(account.id) : null;
      const endedByLock = session.revokedAt !== null && disabledAt !== null && session.revokedAt >= disabledAt;
      if (account.disabled && (session.revokedAt === null || endedByLock) && session.stage !== 'second_factor') {
        return sendError(reply, 403, 'account_locked', ACCOUNT_LOCKED);
      }
      const live = ownSession(ctx, store, request);
      if (!live || live.session.stage === 'second_factor') {
        return sendError(reply, 401, 'unauthenticated', UNAUTHENTICATED);
      }
      // A session opened within the grace period that outlives it leads to enrolment too
      // (its sockets close within a second: `AccountStore.session` no longer counts it).
      let enrol = live.session.stage === 'enrol';
      if (!enrol && twoStepStatus(ctx, store, account, now).overdue) {
        await store.setStage(live.session.tokenHash, 'enrol');
        enrol = true;
      }
      return signedIn(account, now, enrol);
    },
  );

  app.delete(
    '/api/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign out: end this session and close its sockets',
        security: [{ session: [] }],
        response: {
          200: { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' } } },
        },
      },
    },
    async (request, reply) => {
      const token = tokenOf(request);
      if (token) {
        const sessionHash = hashToken(token);
        await ctx.accounts.revokeSession(sessionHash, ctx.now());
        for (const connection of ctx.registry.all()) {
          if (connection.sessionHash === sessionHash) connection.close(4401, 'signed out');
        }
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );
}
