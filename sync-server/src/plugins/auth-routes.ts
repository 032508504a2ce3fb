import type { FastifyInstance } from 'fastify';
import { verifyPassword } from '../auth/password.ts';
import { authenticate, hashToken, newToken, SESSION_COOKIE, SESSION_TTL_MS, tokenOf } from '../auth/sessions.ts';
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

/** Sign-in, sign-out and "who am I", with the session in an HttpOnly SameSite cookie. */
export async function authRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.post<{ Body: { username: string; password: string } }>(
    '/api/session',
    {
      schema: signInSchema,
      // Password guessing, and the 32 MiB hash each attempt costs, limited per name and address.
      config: {
        rateLimit: {
          max: ctx.signInPerMinute,
          timeWindow: 60_000,
          hook: 'preHandler',
          keyGenerator: (request) => `${request.ip}|${signInName(request.body)}`,
          errorResponseBuilder: (_request, context) => ({
            statusCode: 429,
            error: 'too_many_attempts',
            message: `Too many sign-in attempts; try again in ${context.after}.`,
          }),
        },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const account = ctx.accounts.byUsername(username.trim().toLowerCase());
      const valid = account !== null && !account.disabled && (await verifyPassword(password, account.passwordHash));
      if (!account || !valid) {
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
