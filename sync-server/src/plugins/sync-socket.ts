import fastifyWebsocket from '@fastify/websocket';
import { AUTH_IN_FIRST_MESSAGE, decodeMessage, encodeMessage, PACKED_PARAM } from '@thongsuot/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { errorSchema, sendError, UNAUTHENTICATED } from '../auth/guards.ts';
import { accountOfSession, authenticate, hashToken, tokenOf } from '../auth/sessions.ts';
import type { ServerContext } from '../context.ts';
import type { Account } from '../storage/account-store.ts';
import { SyncConnection } from '../sync/sync-connection.ts';

/** Frames above this are refused by ws before they are buffered (it accepts 100 MiB by default). */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
/** The `ws` server's options (@fastify/websocket), the subprotocol choice aside. */
export const SOCKET_OPTIONS = {
  maxPayload: MAX_FRAME_BYTES,
  // No `permessage-deflate`: a browser that takes it compresses every frame it sends, and
  // inflating one cost the relay ~180 µs of CPU, more than the rest of a write. Large frames go
  // packed by the relay itself instead (sync/corked-sender.ts; docs/design.md "Compressed sync
  // frames"), and no connection holds a compressor's memory.
  perMessageDeflate: false,
};
/** How long a stopping relay waits for its devices to answer the closing handshake. */
const CLOSE_GRACE_MS = 1000;

/**
 * The `ws` server, stopped gracefully: the writes already received finish and are acknowledged,
 * then every device is told to reconnect (1012).
 */
export async function registerSockets(
  server: FastifyInstance,
  ctx: Pick<ServerContext, 'hub' | 'commits' | 'registry'>,
): Promise<void> {
  await server.register(fastifyWebsocket, {
    options: {
      ...SOCKET_OPTIONS,
      handleProtocols: (offered: Set<string>) => (offered.has(AUTH_IN_FIRST_MESSAGE) ? AUTH_IN_FIRST_MESSAGE : false),
    },
    preClose: async () => {
      ctx.hub.stopAccepting();
      await ctx.hub.drain();
      await ctx.commits.drain();
      // Let the writers' connections send the acks of what just committed before closing them.
      await new Promise((resolve) => setImmediate(resolve));
      for (const connection of ctx.registry.all()) connection.close(1012, 'server restarting');
      // A device that does not answer the closing handshake (its side busy or gone) would hold
      // the stop for ws's 30 s: it is cut after a short grace instead.
      setTimeout(() => {
        for (const socket of server.websocketServer.clients) socket.terminate();
      }, CLOSE_GRACE_MS).unref();
    },
  });
}

/** A client authenticating in its first message must do so this fast. */
const FIRST_MESSAGE_AUTH_MS = 5000;

export function originAllowed(request: FastifyRequest, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true; // not a browser: the session token alone decides
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

function offersFirstMessageAuth(request: FastifyRequest): boolean {
  const offered = request.headers['sec-websocket-protocol'];
  return typeof offered === 'string' && offered.split(',').some((p) => p.trim() === AUTH_IN_FIRST_MESSAGE);
}

function toFrame(data: Buffer, isBinary: boolean): Uint8Array {
  return isBinary ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(0);
}

/**
 * The multiplexed sync socket. The session (HttpOnly cookie, or Authorization header) and the
 * Origin are checked before the upgrade; a client that can send neither offers a subprotocol
 * and sends its token as the first frame.
 */
export async function syncSocket(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  /** `early`: frames that came after the token while the session was looked up, in order. */
  const open = (
    socket: WebSocket,
    account: Account,
    sessionHash: string,
    log: FastifyRequest['log'],
    packed: boolean,
    early: readonly Uint8Array[] = [],
  ) => {
    const connection = new SyncConnection(
      socket,
      sessionHash,
      account,
      ctx.services,
      (error) => log.error(error),
      packed,
    );
    ctx.services.registry.add(connection);
    // Frames are not serialized here: writes to one doc keep their order inside the engine,
    // and writes to different docs may then share a group commit.
    const receive = (frame: Uint8Array) => connection.receive(frame).catch((error) => log.error(error));
    for (const frame of early) receive(frame);
    socket.on('message', (data: Buffer, isBinary: boolean) => receive(toFrame(data, isBinary)));
    socket.on('close', () => connection.closed());
  };

  app.get(
    '/sync',
    {
      websocket: true,
      schema: {
        tags: ['sync'],
        summary: 'The multiplexed sync WebSocket (docs/design.md §2): one per device',
        description:
          'Upgrade to WebSocket; session from the cookie, or the first message (subprotocol offered by the app). Frames: shared/src/protocol/messages.',
        security: [{ session: [] }],
        response: { 401: errorSchema, 403: errorSchema },
      },
      preValidation: async (request, reply) => {
        if (!originAllowed(request, ctx.allowedOrigins)) {
          return sendError(reply, 403, 'origin_not_allowed', 'Nguồn yêu cầu không được phép.');
        }
        if (!authenticate(request, ctx.accounts, ctx.now()) && !offersFirstMessageAuth(request)) {
          return sendError(reply, 401, 'unauthenticated', UNAUTHENTICATED);
        }
      },
    },
    (socket, request) => {
      const account = authenticate(request, ctx.accounts, ctx.now());
      const token = tokenOf(request);
      const packed = (request.query as Record<string, unknown> | undefined)?.[PACKED_PARAM] === '1';
      if (account && token) {
        open(socket, account, hashToken(token), request.log, packed);
        return;
      }
      const timer = setTimeout(() => socket.close(4401, 'unauthenticated'), FIRST_MESSAGE_AUTH_MS);
      // Frames after the token, while this node reads the log: pausing the socket stops its reads,
      // but ws still emits the frames of a chunk already read (the app sends its hello at once).
      const early: Uint8Array[] = [];
      const hold = (data: Buffer, isBinary: boolean) => early.push(toFrame(data, isBinary));
      socket.once('message', (data: Buffer, isBinary: boolean) => {
        clearTimeout(timer);
        socket.on('message', hold);
        let first: ReturnType<typeof decodeMessage> | null = null;
        try {
          first = decodeMessage(toFrame(data, isBinary));
        } catch {
          first = null;
        }
        const hash = first?.type === 'auth' ? hashToken(first.token) : null;
        if (hash && !ctx.accounts.knowsSession(hash)) {
          // Several nodes: a session made on another node a moment ago. Its frames wait (paused)
          // while this node reads the log (auth/sessions.ts `catchUpOnUnknownSession`).
          socket.pause();
          ctx.control.caughtUp().then(
            () => authenticated(hash),
            () => authenticated(hash),
          );
          return;
        }
        authenticated(hash);
      });
      const authenticated = (hash: string | null): void => {
        socket.off('message', hold);
        const person = hash ? accountOfSession(ctx.accounts, hash, ctx.now()) : null;
        if (!hash || !person) {
          socket.send(
            encodeMessage({
              type: 'error',
              docId: '',
              ref: 0,
              code: 'unauthenticated',
              message: 'Bạn cần đăng nhập trước.',
            }),
          );
          // Read again, so that the close handshake completes.
          if (socket.isPaused) socket.resume();
          socket.close(4401, 'unauthenticated');
          return;
        }
        open(socket, person, hash, request.log, packed, early);
        if (socket.isPaused) socket.resume();
      };
    },
  );
}
