import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { authenticate, hashToken, newToken, SESSION_COOKIE, SESSION_TTL_MS, tokenOf } from '../auth/sessions.ts';
import { SIGN_IN_WINDOW_MS } from '../auth/sign-in-limits.ts';
import type { ServerContext } from '../context.ts';
import type { Account } from '../storage/account-store.ts';

function signInName(body: unknown): string {
  const name = (body as { username?: unknown } | undefined)?.username;
  return typeof name === 'string' ? name.trim().toLowerCase() : '';
}

function publicProfile(account: Account) {
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
  };
}

const signInSchema = {
  body: {
    type: 'object',
    required: ['username', 'password'],
    additionalProperties: false,
    properties: {
      username: { type: 'string', minLength: 1, maxLength: 100 },
      password: { type: 'string', minLength: 1, maxLength: 200 },
    },
  },
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

/** Sign-in, sign-out and "who am I", with the session in an HttpOnly SameSite cookie. */
export async function authRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  // What an unknown name's password is checked against, so that refusing it costs the same
  // 32 MiB scrypt as refusing a known name's wrong password: the answer's time must not tell
  // which names exist. Same parameters as every stored hash; started now, awaited when needed.
  const dummyHash = hashPassword(randomBytes(24).toString('base64'));
  dummyHash.catch(() => {}); // a failure surfaces in the handler that awaits it

  // Password guessing, and the 32 MiB hash each attempt costs, limited per client address
  // across names (one password sprayed over every name) and per name across addresses (one
  // name guessed from many). The address is `request.ip`: from X-Forwarded-For only behind a
  // trusted proxy (`trustProxy`), IPv6 counted by /64. Checked in order, so an attempt refused
  // for its address does not use up the attempts of the name it tried.
  const limits = [
    app.createRateLimit({ max: ctx.signInLimits.perAddress, timeWindow: SIGN_IN_WINDOW_MS }),
    app.createRateLimit({
      max: ctx.signInLimits.perUsername,
      timeWindow: SIGN_IN_WINDOW_MS,
      keyGenerator: (request) => signInName(request.body),
    }),
  ];
  const limitAttempts = async (request: FastifyRequest, reply: FastifyReply) => {
    for (const limit of limits) {
      const result = await limit(request);
      if (!result.isAllowed && result.isExceeded) return tooManyAttempts(reply, result.ttlInSeconds);
    }
  };

  app.post<{ Body: { username: string; password: string } }>(
    '/api/session',
    { schema: signInSchema, preHandler: limitAttempts },
    async (request, reply) => {
      const { username, password } = request.body;
      const account = ctx.accounts.byUsername(signInName(request.body));
      // One full hash on every path: unknown names against the dummy, disabled accounts too.
      const matches = await verifyPassword(password, account?.passwordHash ?? (await dummyHash));
      if (!account || account.disabled || !matches) {
        ctx.accounts.audit(ctx.now(), account?.id ?? null, 'session.refused', username);
        return reply.code(401).send({ error: 'invalid_credentials' });
      }
      const token = newToken();
      const now = ctx.now();
      ctx.accounts.createSession(hashToken(token), account.id, now, now + SESSION_TTL_MS);
      ctx.accounts.audit(now, account.id, 'session.start', null);
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.secureCookies,
        path: '/',
        maxAge: SESSION_TTL_MS / 1000,
      });
      return { user: publicProfile(account) };
    },
  );

  app.get('/api/session', async (request, reply) => {
    const account = authenticate(request, ctx.accounts, ctx.now());
    if (!account) return reply.code(401).send({ error: 'unauthenticated' });
    return { user: publicProfile(account) };
  });

  app.delete('/api/session', async (request, reply) => {
    const token = tokenOf(request);
    if (token) {
      const sessionHash = hashToken(token);
      ctx.accounts.revokeSession(sessionHash, ctx.now());
      for (const connection of ctx.registry.all()) {
        if (connection.sessionHash === sessionHash) connection.close(4401, 'signed out');
      }
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
}
