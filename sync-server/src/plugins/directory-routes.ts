import type { FastifyInstance } from 'fastify';
import { errorSchema, sendError, UNAUTHENTICATED } from '../auth/guards.ts';
import { authenticate } from '../auth/sessions.ts';
import type { ServerContext } from '../context.ts';
import { DirectoryBundleCache } from '../directory/directory-bundle-cache.ts';

/**
 * The directory for devices. `GET /api/directory/bundle` is the whole directory for a device
 * that has none of it: every unit page's CRDT state, gzip-compressed (docs/benchmarks.md says
 * why this and not the sync socket). Later edits reach devices as ordinary updates over the
 * sync socket. `GET /api/directory` (units and officials as JSON) stays for older clients.
 */
export async function directoryRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const bundles = new DirectoryBundleCache(ctx.docs, () => ctx.accounts.units().map((u) => u.id));
  // Ready before the first new device asks: building it for 50,000 people takes about a second.
  app.addHook('onListen', async () => {
    setImmediate(() => void bundles.current().catch((error) => app.log.error(error, 'directory bundle')));
  });

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
