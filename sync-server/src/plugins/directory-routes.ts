import type { FastifyInstance } from 'fastify';
import { authenticate } from '../auth/sessions.ts';
import type { ServerContext } from '../context.ts';

/**
 * The units and officials of the city, for the recipient picker and the directory. The client
 * keeps a copy for offline use. (The unit documents of the directory issue replace this.)
 */
export async function directoryRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get('/api/directory', async (request, reply) => {
    if (!authenticate(request, ctx.accounts, ctx.now())) return reply.code(401).send({ error: 'unauthenticated' });
    return { units: ctx.accounts.units(), officials: ctx.accounts.officials() };
  });
}
