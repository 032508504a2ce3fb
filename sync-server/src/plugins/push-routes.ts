import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorSchema, markGuard } from '../auth/guards.ts';
import { authenticate } from '../auth/sessions.ts';
import type { ServerContext } from '../context.ts';
import { MAX_ENDPOINT_LENGTH, readSubscription } from '../push/push-config.ts';
import type { Account } from '../storage/account-store.ts';
import { originAllowed } from './sync-socket.ts';

const UNAUTHENTICATED = { error: 'unauthenticated', message: 'Bạn cần đăng nhập trước.' };
const PUSH_OFF = { error: 'push_off', message: 'Máy chủ này không gửi nhắc việc khi ứng dụng đóng.' };

/**
 * This device's Web Push subscription (docs/design.md §16): the relay's public VAPID key, and
 * the subscription put or removed, always the signed-in person's own. An endpoint belongs to
 * one person: nobody else may take it over, change its keys or remove it.
 */
export async function pushRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const push = ctx.push;
  const signedIn = (request: FastifyRequest, reply: FastifyReply): Account | null => {
    if (!originAllowed(request, ctx.allowedOrigins)) {
      void reply.code(403).send({ error: 'origin_not_allowed', message: 'Trang này không được gọi máy chủ.' });
      return null;
    }
    const account = authenticate(request, ctx.accounts, ctx.now());
    if (!account) void reply.code(401).send(UNAUTHENTICATED);
    return account;
  };

  // Checked before the body is read (an anonymous caller gets 401, not a schema error); the
  // handlers read the account again.
  const guard = markGuard(async (request: FastifyRequest, reply: FastifyReply) => {
    if (!signedIn(request, reply)) return reply;
  });
  const tags = ['push'];
  const security = [{ session: [] }];
  app.get(
    '/api/push/key',
    {
      schema: {
        tags,
        security,
        summary: "The relay's VAPID public key, for a device's push subscription",
        response: {
          200: { type: 'object', properties: { publicKey: { type: 'string' } } },
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request, reply) => {
      if (!signedIn(request, reply)) return reply;
      if (!push.vapid) return reply.code(404).send(PUSH_OFF);
      return reply.header('cache-control', 'private, no-cache').send({ publicKey: push.vapid.publicKey });
    },
  );

  const subscriptionBody = {
    type: 'object',
    description: 'PushSubscription.toJSON() of this device',
    properties: { endpoint: { type: 'string' }, keys: { type: 'object' } },
  };
  app.put(
    '/api/push/subscription',
    {
      bodyLimit: 4096,
      onRequest: guard,
      schema: {
        tags,
        security,
        summary: "Stores this device's push subscription for due reminders",
        body: subscriptionBody,
        response: {
          204: { type: 'null' },
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const account = signedIn(request, reply);
      if (!account) return reply;
      if (!push.vapid) return reply.code(404).send(PUSH_OFF);
      const row = readSubscription(request.body, account.id, push);
      if ('error' in row) return reply.code(400).send({ error: 'invalid_subscription', message: row.error });
      if ((await push.store.put(row, ctx.now(), push.maxPerPerson)) === 'taken') {
        return reply.code(409).send({
          error: 'subscription_taken',
          message: 'Địa chỉ nhận thông báo này đang thuộc về một tài khoản khác; hãy đăng ký lại trên thiết bị.',
        });
      }
      return reply.code(204).send();
    },
  );

  app.delete(
    '/api/push/subscription',
    {
      bodyLimit: 4096,
      onRequest: guard,
      schema: {
        tags,
        security,
        summary: "Forgets one of the person's push subscriptions",
        body: subscriptionBody,
        response: { 204: { type: 'null' }, 400: errorSchema, 401: errorSchema, 403: errorSchema },
      },
    },
    async (request, reply) => {
      const account = signedIn(request, reply);
      if (!account) return reply;
      const endpoint = (request.body as { endpoint?: unknown } | undefined)?.endpoint;
      if (typeof endpoint !== 'string' || endpoint.length > MAX_ENDPOINT_LENGTH) {
        return reply.code(400).send({ error: 'invalid_subscription', message: 'Địa chỉ nhận thông báo không hợp lệ.' });
      }
      await push.store.deleteOwn(endpoint, account.id);
      return reply.code(204).send();
    },
  );
}
