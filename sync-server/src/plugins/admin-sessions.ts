import type { FastifyInstance } from 'fastify';
import { closeSocketsOf, NO_ACCOUNT } from '../admin/account-admin.ts';
import { adminErrors, adminRoute, okSchema } from '../admin/admin-schemas.ts';
import type { AdminStore } from '../admin/admin-store.ts';
import { accountOf, requireRole, sendError } from '../auth/guards.ts';
import { SecurityStore } from '../auth/security-store.ts';
import { publicSessionId } from '../auth/session-id.ts';
import type { ServerContext } from '../context.ts';

/**
 * An administrator signs one device out (a lost phone): the session, named by its public id
 * (auth/session-id.ts), is revoked and its sockets close at once. And resets someone's two-step
 * sign-in when they lost both their phone and their recovery codes. Audited with its owner.
 */
export async function adminSessionRoutes(app: FastifyInstance, opts: { ctx: ServerContext; store: AdminStore }) {
  const { ctx, store } = opts;
  const guard = requireRole(ctx, 'admin');

  app.delete<{ Params: { id: string } }>(
    '/api/admin/sessions/:id',
    {
      preHandler: guard,
      schema: {
        ...adminRoute,
        summary: 'Sign a device out',
        description: 'Đăng xuất một thiết bị (theo mã phiên công khai); thiết bị bị ngắt ngay.',
        params: {
          type: 'object',
          required: ['id'],
          additionalProperties: false,
          properties: { id: { type: 'string', pattern: '^[0-9a-f]{16}$' } },
        },
        response: { 200: okSchema, ...adminErrors },
      },
    },
    async (request, reply) => {
      const admin = accountOf(request);
      const now = ctx.now();
      const session = store.liveSessionHashes(now).find((s) => publicSessionId(s.tokenHash) === request.params.id);
      if (!session)
        return sendError(reply, 404, 'not_found', 'Không tìm thấy phiên đăng nhập này, hoặc nó đã kết thúc.');
      await store.revokeSession(session.tokenHash, now);
      const closed = ctx.registry.all().filter((c) => c.sessionHash === session.tokenHash);
      for (const c of closed) c.close(4401, 'session revoked');
      const target = store.account(session.userId);
      await ctx.audit.record({
        actorId: admin.id,
        action: 'admin.session.revoke',
        detail: `${target?.username ?? session.userId} (${session.userId}), phiên ${request.params.id}`,
      });
      return { ok: true };
    },
  );

  const security = new SecurityStore(ctx.db);
  app.post<{ Params: { id: string } }>(
    '/api/admin/accounts/:id/reset-two-step',
    {
      preHandler: guard,
      schema: {
        ...adminRoute,
        summary: "Reset a person's two-step sign-in (lost phone and recovery codes)",
        description:
          'Đặt lại đăng nhập hai bước: xóa khóa bí mật và mã khôi phục, kết thúc mọi phiên; lần đăng nhập sau người đó thiết lập lại (bắt buộc với lãnh đạo và quản trị).',
        params: {
          type: 'object',
          required: ['id'],
          additionalProperties: false,
          properties: { id: { type: 'string', minLength: 1, maxLength: 100 } },
        },
        response: {
          200: { type: 'object', required: ['sessionsEnded'], properties: { sessionsEnded: { type: 'integer' } } },
          ...adminErrors,
        },
      },
    },
    async (request, reply) => {
      const admin = accountOf(request);
      const target = store.account(request.params.id);
      if (!target) return sendError(reply, 404, NO_ACCOUNT.error, NO_ACCOUNT.message);
      if (target.id === admin.id) {
        return sendError(
          reply,
          409,
          'own_account',
          'Hãy dùng mã khôi phục của mình, hoặc nhờ một người quản trị khác.',
        );
      }
      if (!target.totpEnabled) {
        return sendError(reply, 409, 'two_step_off', 'Người này chưa bật đăng nhập hai bước.');
      }
      await security.disableTotp(target.id);
      const ended = await store.revokeSessionsOf(target.id, ctx.now());
      closeSocketsOf(ctx, target.id, 'two-step sign-in reset');
      await ctx.audit.record({
        actorId: admin.id,
        action: 'admin.two_step.reset',
        detail: `${target.username} (${target.id}), ${ended.length} phiên kết thúc`,
      });
      return { sessionsEnded: ended.length };
    },
  );
}
