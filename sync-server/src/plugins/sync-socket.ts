import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate, hashToken, tokenOf } from '../auth/sessions.ts';
import type { ServerContext } from '../context.ts';
import { SyncConnection } from '../sync/sync-connection.ts';

/** Frames above this are refused by ws before they are buffered (it accepts 100 MiB by default). */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

function originAllowed(request: FastifyRequest, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true; // not a browser: the session token alone decides
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/** The multiplexed sync socket: the session and the Origin are checked before the upgrade. */
export async function syncSocket(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get(
    '/sync',
    {
      websocket: true,
      preValidation: async (request, reply) => {
        if (!originAllowed(request, ctx.allowedOrigins)) {
          return reply.code(403).send({ error: 'origin_not_allowed' });
        }
        if (!authenticate(request, ctx.accounts, ctx.now())) {
          return reply.code(401).send({ error: 'unauthenticated' });
        }
      },
    },
    (socket, request) => {
      const account = authenticate(request, ctx.accounts, ctx.now());
      const token = tokenOf(request);
      if (!account || !token) {
        socket.close(4401, 'unauthenticated');
        return;
      }
      const connection = new SyncConnection(socket, hashToken(token), account, ctx.hub, ctx.docs);
      ctx.registry.add(connection);
      // Frames are not serialized here: writes to one doc keep their order inside DocHub, and
      // writes to different docs may then share a group commit.
      socket.on('message', (data: Buffer, isBinary: boolean) => {
        const frame = isBinary ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(0);
        connection.receive(frame).catch((error) => request.log.error(error));
      });
      socket.on('close', () => ctx.registry.remove(connection));
    },
  );
}
