import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorSchema, sendError, UNAUTHENTICATED } from '../auth/guards.ts';
import { authenticate } from '../auth/sessions.ts';
import type { ServerContext } from '../context.ts';
import { DirectoryBundleCache } from '../directory/directory-bundle-cache.ts';
import { DirectoryParts, type PartBody, UnitDocCache } from '../directory/directory-parts.ts';

/** The best encoding the device accepts of a part: brotli, then gzip, else none. */
function sendPart(request: FastifyRequest, reply: FastifyReply, body: PartBody): FastifyReply {
  reply.header('cache-control', 'private, no-cache').header('etag', body.etag).header('vary', 'accept-encoding');
  if (request.headers['if-none-match'] === body.etag) return reply.code(304).send();
  reply.type('application/octet-stream');
  const accepted = String(request.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepted)) return reply.header('content-encoding', 'br').send(Buffer.from(body.brotli));
  if (/\bgzip\b/.test(accepted)) return reply.header('content-encoding', 'gzip').send(Buffer.from(body.gzipped));
  return reply.send(Buffer.from(body.raw));
}

/**
 * The directory for devices. `GET /api/directory/bundle` is the whole directory for a device
 * that has none of it: every unit page's CRDT state, gzip-compressed (docs/benchmarks.md says
 * why this and not the sync socket). Later edits reach devices as ordinary updates over the
 * sync socket. `GET /api/directory` (units and officials as JSON) stays for older clients.
 */
export async function directoryRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const unitDocs = new UnitDocCache(ctx.docs);
  const bundles = new DirectoryBundleCache(ctx.docs, unitDocs, () => ctx.accounts.units().map((u) => u.id));
  const parts = new DirectoryParts(unitDocs, () => ctx.accounts.units());
  // Ready before the first new device asks: encoding 50,000 people takes about a second, and
  // compressing every part with brotli some seconds more, in zlib's threads.
  app.addHook('onListen', async () => {
    setImmediate(() => {
      const warm = async (): Promise<void> => {
        for (const { id } of (await parts.index()).parts) await parts.part(id);
      };
      warm().catch((error) => app.log.error(error, 'directory parts'));
    });
  });

  app.get(
    '/api/directory/parts',
    {
      schema: {
        tags: ['directory'],
        summary: 'How the directory is cut into parts for a new device (after the part `mine`)',
        security: [{ session: [] }],
        response: { 304: { type: 'null', description: 'unchanged since the ETag sent' }, 401: errorSchema },
      },
    },
    async (request, reply) => {
      if (!authenticate(request, ctx.accounts, ctx.now()))
        return sendError(reply, 401, 'unauthenticated', UNAUTHENTICATED);
      const index = await parts.index();
      reply.header('cache-control', 'private, no-cache').header('etag', index.etag);
      if (request.headers['if-none-match'] === index.etag) return reply.code(304).send();
      return index;
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/directory/parts/:id',
    {
      schema: {
        tags: ['directory'],
        summary: "One part's unit pages (`mine`: the leadership and the person's own unit); brotli or gzip, ETag",
        security: [{ session: [] }],
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] },
        response: {
          304: { type: 'null', description: 'unchanged since the ETag sent' },
          401: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const account = authenticate(request, ctx.accounts, ctx.now());
      if (!account) return sendError(reply, 401, 'unauthenticated', UNAUTHENTICATED);
      const { id } = request.params;
      const body = id === 'mine' ? await parts.mine(account.unitId) : await parts.part(id);
      if (!body) {
        return sendError(reply, 404, 'not_found', 'Phần danh bạ này không còn; thiết bị sẽ hỏi lại cách chia mới.');
      }
      return sendPart(request, reply, body);
    },
  );

  app.get(
    '/api/directory',
    {
      schema: {
        tags: ['directory'],
        summary: 'Units and officials as JSON (older clients; devices use the bundle)',
        security: [{ session: [] }],
        response: { 401: errorSchema },
      },
    },
    async (request, reply) => {
      if (!authenticate(request, ctx.accounts, ctx.now()))
        return sendError(reply, 401, 'unauthenticated', UNAUTHENTICATED);
      return { units: ctx.accounts.units(), officials: ctx.accounts.officials() };
    },
  );

  app.get(
    '/api/directory/bundle',
    {
      schema: {
        tags: ['directory'],
        summary: "Every unit page's CRDT state in one binary download (gzip, ETag)",
        security: [{ session: [] }],
        response: { 304: { type: 'null', description: 'unchanged since the ETag sent' }, 401: errorSchema },
      },
    },
    async (request, reply) => {
      if (!authenticate(request, ctx.accounts, ctx.now()))
        return sendError(reply, 401, 'unauthenticated', UNAUTHENTICATED);
      const body = await bundles.current();
      reply.header('cache-control', 'private, no-cache').header('etag', body.etag).header('vary', 'accept-encoding');
      if (request.headers['if-none-match'] === body.etag) return reply.code(304).send();
      reply.type('application/octet-stream');
      if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
        return reply.header('content-encoding', 'gzip').send(Buffer.from(body.gzipped));
      }
      return reply.send(Buffer.from(body.raw));
    },
  );
}
