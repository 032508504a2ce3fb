import type { FastifyInstance } from 'fastify';
import { errorSchema, sendError, UNAUTHENTICATED } from '../auth/guards.ts';
import { authenticate, hashToken, tokenOf } from '../auth/sessions.ts';
import type { ServerContext } from '../context.ts';
import { YWebsocketConnection } from '../sync/y-websocket-connection.ts';
import { originAllowed } from './sync-socket.ts';

/**
 * The y-websocket-compatible endpoint, one doc per socket: `/yjs/<kind>/<id>` (the stock
 * `WebsocketProvider` appends the room name to the server URL). Session, Origin and read
 * access are checked before the upgrade; never a token in the URL.
 */
export async function yWebsocketSocket(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get<{ Params: { '*': string } }>(
    '/yjs/*',
    {
      websocket: true,
      schema: {
        tags: ['sync'],
        summary: 'y-websocket-compatible endpoint, one doc per socket: /yjs/<kind>/<id>',
        security: [{ session: [] }],
        response: { 401: errorSchema, 403: errorSchema, 404: errorSchema },
      },
      preValidation: async (request, reply) => {
        if (!originAllowed(request, ctx.allowedOrigins))
          return sendError(reply, 403, 'origin_not_allowed', 'Nguồn yêu cầu không được phép.');
        const account = authenticate(request, ctx.accounts, ctx.now());
        if (!account) return sendError(reply, 401, 'unauthenticated', UNAUTHENTICATED);
        const docId = request.params['*'];
        if (!(await ctx.hub.canRead(account, docId))) return reply.code(404).send({ error: 'not_found' });
      },
    },
    (socket, request) => {
      const account = authenticate(request, ctx.accounts, ctx.now());
      const token = tokenOf(request);
      if (!account || !token) {
        socket.close(4401, 'unauthenticated');
        return;
      }
      const docId = request.params['*'];
      const connection = new YWebsocketConnection(socket, hashToken(token), account, docId, ctx.services, (error) =>
        request.log.error(error),
      );
      ctx.registry.add(connection);
      const queue: Uint8Array[] = [];
      let opened = false;
      // Frames that arrive before the initial state vector is sent wait for it, in order.
      socket.on('message', (data: Buffer) => {
        const frame = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        if (!opened) queue.push(frame);
        else connection.receive(frame).catch((error) => request.log.error(error));
      });
      socket.on('close', () => connection.closed());
      connection.open().then(() => {
        opened = true;
        for (const frame of queue.splice(0)) connection.receive(frame).catch((error) => request.log.error(error));
      });
    },
  );
}
