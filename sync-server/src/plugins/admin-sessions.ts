import type { FastifyInstance } from 'fastify';
import { adminErrors, adminRoute, okSchema } from '../admin/admin-schemas.ts';
import type { AdminStore } from '../admin/admin-store.ts';
import { accountOf, requireRole, sendError } from '../auth/guards.ts';
import { publicSessionId } from '../auth/session-id.ts';
import type { ServerContext } from '../context.ts';

/**
 * An administrator signs one device out (a lost phone): the session, named by its public id
 * (auth/session-id.ts), is revoked and its sockets close at once. Audited with its owner.
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
      store.revokeSession(session.tokenHash, now);
      const closed = ctx.registry.all().filter((c) => c.sessionHash === session.tokenHash);
      for (const c of closed) c.close(4401, 'session revoked');
      const target = store.account(session.userId);
      ctx.audit.record({
        actorId: admin.id,
        action: 'admin.session.revoke',
        detail: `${target?.username ?? session.userId} (${session.userId}), phiên ${request.params.id}`,
      });
      return { ok: true };
    },
  );
}
