import { DEMO_PASSWORD } from '@thongsuot/shared';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblem } from '@thongsuot/shared/auth/password-policy';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { describeDevice } from '../auth/device-name.ts';
import { accountOf, errorSchema, guardedResponses, sendError } from '../auth/guards.ts';
import { addressKey, countAttempt, limitKey, limitsUnavailable } from '../auth/limit-keys.ts';
import { ownSessionOf, requireOwnSession } from '../auth/own-session.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { SecurityStore } from '../auth/security-store.ts';
import { publicSessionId } from '../auth/session-id.ts';
import { SIGN_IN_WINDOW_MS } from '../auth/sign-in-limits.ts';
import {
  hashRecoveryCode,
  matchingStep,
  newRecoveryCodes,
  newTotpSecret,
  otpauthUri,
  qrSvg,
  twoStepRequired,
} from '../auth/totp.ts';
import type { ServerContext } from '../context.ts';

const ok = { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' } } } as const;
const codeBody = {
  type: 'object',
  required: ['code'],
  additionalProperties: false,
  properties: { code: { type: 'string', pattern: '^[0-9]{6}$' } },
} as const;
const recoveryCodes = {
  type: 'object',
  required: ['recoveryCodes'],
  properties: { recoveryCodes: { type: 'array', items: { type: 'string' } } },
} as const;
const tags = ['own security'];
const security = [{ session: [] }];

export const TWO_STEP_MANDATORY = 'Tài khoản lãnh đạo và quản trị bắt buộc đăng nhập hai bước.';
const WRONG_CODE = 'Mã xác thực không đúng hoặc đã được dùng; hãy nhập mã mới trên ứng dụng.';
const WRONG_PASSWORD = 'Mật khẩu hiện tại không đúng.';

/**
 * People's own security (docs/operations.md): changing one's password, two-step sign-in
 * (setting it up, new recovery codes, turning it off where allowed) and the devices signed in
 * as oneself, each signed out from here. Every route is the person's own: it acts on the
 * session's account only. A session that must change its password or enrol first reaches only
 * the routes for that (auth/own-session.ts `restriction`).
 */
export async function securityRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const store = new SecurityStore(ctx.db);
  const full = requireOwnSession(ctx, store, 'other');
  const forPassword = requireOwnSession(ctx, store, 'password');
  const forTotp = requireOwnSession(ctx, store, 'totp');
  // A stolen session could otherwise guess the password (each guess a 32 MiB scrypt): the same
  // per-person limit as sign-in.
  const perPerson = app.createRateLimit({
    max: ctx.signInLimits.perUsername,
    timeWindow: SIGN_IN_WINDOW_MS,
    keyGenerator: (request) => limitKey('own-password', request.account?.id ?? addressKey(request.ip)),
  });
  const limited = async (request: FastifyRequest, reply: FastifyReply) => {
    const counted = await countAttempt(perPerson, request);
    if (!counted) return limitsUnavailable(reply);
    if (counted.exceeded) {
      return reply
        .code(429)
        .header('retry-after', String(counted.retryAfter))
        .send({
          statusCode: 429,
          error: 'too_many_attempts',
          message: `Đã thử quá nhiều lần; hãy thử lại sau ${counted.retryAfter} giây.`,
        });
    }
  };

  /** Ends sessions and closes their sockets at once. */
  const endSessions = (hashes: readonly string[]) => {
    const ended = new Set(hashes);
    for (const connection of ctx.registry.all()) {
      if (ended.has(connection.sessionHash)) connection.close(4401, 'session ended');
    }
  };

  app.post<{ Body: { current: string; next: string } }>(
    '/api/me/password',
    {
      preHandler: [forPassword, limited],
      schema: {
        tags,
        security,
        summary: 'Change one’s own password',
        description:
          'Đổi mật khẩu. Mật khẩu mới: ít nhất 10 ký tự, khác tên đăng nhập, khác mật khẩu hiện tại, không phải mật khẩu dùng thử, không chỉ gồm chữ số. Các thiết bị khác bị đăng xuất.',
        body: {
          type: 'object',
          required: ['current', 'next'],
          additionalProperties: false,
          properties: {
            current: { type: 'string', minLength: 1, maxLength: 200 },
            next: { type: 'string', minLength: 1, maxLength: 200 },
          },
        },
        response: { 200: ok, 400: errorSchema, 429: errorSchema, ...guardedResponses },
      },
    },
    async (request, reply) => {
      const account = accountOf(request);
      const session = ownSessionOf(request);
      const { current, next } = request.body;
      if (!(await verifyPassword(current, account.passwordHash))) {
        await ctx.audit.record({
          actorId: account.id,
          action: 'password.change_refused',
          detail: 'sai mật khẩu hiện tại',
        });
        return sendError(reply, 403, 'wrong_password', WRONG_PASSWORD);
      }
      const problem = passwordProblem(next, { username: account.username, current, forbidden: [DEMO_PASSWORD] });
      if (problem) return sendError(reply, 400, `password_${problem}`, PASSWORD_PROBLEM_MESSAGES[problem]);
      const now = ctx.now();
      store.setPassword(account.id, await hashPassword(next), now);
      endSessions(await store.revokeOthers(account.id, session.tokenHash, now));
      await ctx.audit.record({ actorId: account.id, action: 'password.change' });
      return { ok: true };
    },
  );

  app.post(
    '/api/me/totp/setup',
    {
      preHandler: forTotp,
      schema: {
        tags,
        security,
        summary: 'Start setting up two-step sign-in: a new secret and its QR code',
        description:
          'Tạo khóa bí mật mới cho ứng dụng xác thực (chưa dùng cho tới khi xác nhận bằng một mã). Khóa cũ, nếu có, vẫn dùng được tới lúc đó.',
        response: {
          200: {
            type: 'object',
            required: ['secret', 'otpauthUri', 'qrSvg'],
            properties: {
              secret: { type: 'string', description: 'base32, for typing into the app by hand' },
              otpauthUri: { type: 'string' },
              qrSvg: { type: 'string', description: 'the QR code of otpauthUri, an SVG document' },
            },
          },
          ...guardedResponses,
        },
      },
    },
    async (request) => {
      const account = accountOf(request);
      const secret = newTotpSecret();
      await store.setPendingSecret(account.id, secret);
      const uri = otpauthUri(secret, account.username);
      return { secret, otpauthUri: uri, qrSvg: await qrSvg(uri) };
    },
  );

  app.post<{ Body: { code: string } }>(
    '/api/me/totp/confirm',
    {
      preHandler: [forTotp, limited],
      schema: {
        tags,
        security,
        summary: 'Turn two-step sign-in on with a first code; returns 10 recovery codes, shown once',
        description: 'Bật đăng nhập hai bước bằng mã đầu tiên của ứng dụng; trả về 10 mã khôi phục (chỉ hiện một lần).',
        body: codeBody,
        response: { 200: recoveryCodes, 400: errorSchema, 429: errorSchema, ...guardedResponses },
      },
    },
    async (request, reply) => {
      const account = accountOf(request);
      const session = ownSessionOf(request);
      const { pending } = store.totp(account.id);
      if (!pending) return sendError(reply, 400, 'no_setup', 'Hãy bắt đầu lại việc cài đặt đăng nhập hai bước.');
      const now = ctx.now();
      const step = matchingStep(pending, request.body.code, now);
      if (step === null) return sendError(reply, 400, 'invalid_code', WRONG_CODE);
      const codes = newRecoveryCodes();
      await store.enableTotp(account.id, pending, step, codes.map(hashRecoveryCode), now);
      // A forced enrolment is done: this session is a full one now (it has just given a code).
      if (session.stage === 'enrol') await store.setStage(session.tokenHash, 'full');
      await ctx.audit.record({ actorId: account.id, action: 'totp.enable' });
      return { recoveryCodes: codes };
    },
  );

  app.post<{ Body: { code: string } }>(
    '/api/me/totp/recovery-codes',
    {
      preHandler: [forTotp, limited],
      schema: {
        tags,
        security,
        summary: 'Replace the recovery codes (the old ones stop working)',
        description: 'Tạo 10 mã khôi phục mới; các mã cũ hết hiệu lực.',
        body: codeBody,
        response: { 200: recoveryCodes, 400: errorSchema, 429: errorSchema, ...guardedResponses },
      },
    },
    async (request, reply) => {
      const account = accountOf(request);
      const { active } = store.totp(account.id);
      if (!active) return sendError(reply, 400, 'not_enabled', 'Đăng nhập hai bước chưa được bật.');
      const now = ctx.now();
      const step = matchingStep(active, request.body.code, now);
      if (step === null || !(await store.useStep(account.id, step)))
        return sendError(reply, 400, 'invalid_code', WRONG_CODE);
      const codes = newRecoveryCodes();
      await store.replaceRecoveryCodes(account.id, codes.map(hashRecoveryCode), now);
      await ctx.audit.record({ actorId: account.id, action: 'recovery.regenerate' });
      return { recoveryCodes: codes };
    },
  );

  app.delete<{ Body: { password: string; code: string } }>(
    '/api/me/totp',
    {
      preHandler: [full, limited],
      schema: {
        tags,
        security,
        summary: 'Turn two-step sign-in off (not for leaders and administrators)',
        description: 'Tắt đăng nhập hai bước; cần mật khẩu và một mã. Lãnh đạo và quản trị viên không được tắt.',
        body: {
          type: 'object',
          required: ['password', 'code'],
          additionalProperties: false,
          properties: {
            password: { type: 'string', minLength: 1, maxLength: 200 },
            code: { type: 'string', pattern: '^[0-9]{6}$' },
          },
        },
        response: { 200: ok, 400: errorSchema, 429: errorSchema, ...guardedResponses },
      },
    },
    async (request, reply) => {
      const account = accountOf(request);
      if (twoStepRequired(account)) return sendError(reply, 403, 'two_step_mandatory', TWO_STEP_MANDATORY);
      const { active } = store.totp(account.id);
      if (!active) return sendError(reply, 400, 'not_enabled', 'Đăng nhập hai bước chưa được bật.');
      if (!(await verifyPassword(request.body.password, account.passwordHash))) {
        return sendError(reply, 403, 'wrong_password', WRONG_PASSWORD);
      }
      const step = matchingStep(active, request.body.code, ctx.now());
      if (step === null || !(await store.useStep(account.id, step)))
        return sendError(reply, 400, 'invalid_code', WRONG_CODE);
      await store.disableTotp(account.id);
      await ctx.audit.record({ actorId: account.id, action: 'totp.disable' });
      return { ok: true };
    },
  );

  const device = {
    type: 'object',
    required: ['id', 'device', 'ip', 'createdAt', 'lastSeenAt', 'current', 'online'],
    properties: {
      id: { type: 'string', description: 'public id (not the token or its stored hash)' },
      device: { type: 'string', description: 'e.g. "Chrome trên Android"' },
      ip: { type: 'string' },
      createdAt: { type: 'integer' },
      lastSeenAt: { type: ['integer', 'null'] },
      current: { type: 'boolean', description: 'the session of this request' },
      online: { type: 'boolean', description: 'a socket of this session is open now' },
    },
  } as const;

  app.get(
    '/api/me/sessions',
    {
      preHandler: full,
      schema: {
        tags,
        security,
        summary: 'The devices signed in as oneself',
        description: 'Các thiết bị đang đăng nhập bằng tài khoản của bạn.',
        response: {
          200: { type: 'object', required: ['sessions'], properties: { sessions: { type: 'array', items: device } } },
          ...guardedResponses,
        },
      },
    },
    async (request) => {
      const account = accountOf(request);
      const current = ownSessionOf(request).tokenHash;
      const online = new Set(ctx.registry.all().map((c) => c.sessionHash));
      return {
        sessions: store.devices(account.id, ctx.now()).map((s) => ({
          id: publicSessionId(s.tokenHash),
          device: describeDevice(s.userAgent),
          ip: s.ip,
          createdAt: s.createdAt,
          lastSeenAt: s.lastSeenAt,
          current: s.tokenHash === current,
          online: online.has(s.tokenHash),
        })),
      };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/me/sessions/:id',
    {
      preHandler: full,
      schema: {
        tags,
        security,
        summary: 'Sign one of one’s devices out; its sockets close at once',
        description: 'Đăng xuất một thiết bị của bạn từ xa.',
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', pattern: '^[0-9a-f]{16}$' } },
        },
        response: { 200: ok, 404: errorSchema, ...guardedResponses },
      },
    },
    async (request, reply) => {
      const account = accountOf(request);
      const now = ctx.now();
      const target = store.devices(account.id, now).find((s) => publicSessionId(s.tokenHash) === request.params.id);
      if (!target) return sendError(reply, 404, 'not_found', 'Không tìm thấy thiết bị này (có thể đã đăng xuất).');
      await store.revoke(target.tokenHash, now);
      endSessions([target.tokenHash]);
      await ctx.audit.record({
        actorId: account.id,
        action: 'session.revoke',
        detail: describeDevice(target.userAgent),
      });
      return { ok: true };
    },
  );
}
