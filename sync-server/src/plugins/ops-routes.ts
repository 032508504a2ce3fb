import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';

/**
 * For the operators' probes and Prometheus (docs/operations.md): `/healthz` — the process
 * answers; `/readyz` — it can take writes: the database accepts a write transaction and the
 * apply workers answer; `/metrics` — prom-client's text format. None needs a session: they say
 * nothing about anyone's data. Put them behind the reverse proxy's allow-list in production.
 */
export async function opsRoutes(server: FastifyInstance, ctx: ServerContext): Promise<void> {
  const tags = ['operations'];
  server.get(
    '/healthz',
    {
      schema: {
        tags,
        summary: 'Liveness: the process answers',
        response: { 200: { type: 'object', properties: { status: { type: 'string', const: 'ok' } } } },
      },
    },
    async () => ({ status: 'ok' }),
  );

  const readiness = {
    type: 'object',
    properties: {
      status: { type: 'string', enum: ['ready', 'not_ready'] },
      checks: { type: 'object', additionalProperties: { type: 'string' } },
    },
  };
  server.get(
    '/readyz',
    {
      schema: {
        tags,
        summary: 'Readiness: the database takes a write, the apply workers answer, and (several nodes) PostgreSQL does',
        response: { 200: readiness, 503: readiness },
      },
    },
    async (_request, reply) => {
      const checks: Record<string, 'ok' | string> = {};
      try {
        // BEGIN IMMEDIATE takes the write lock: it fails if the file or disk cannot be written.
        ctx.db.exec('BEGIN IMMEDIATE; ROLLBACK;');
        checks.storage = 'ok';
      } catch (error) {
        checks.storage = (error as Error).message;
      }
      try {
        await Promise.race([
          ctx.engine.ready(),
          new Promise((_, reject) => setTimeout(() => reject(new Error('apply workers not ready')), 2_000).unref()),
        ]);
        checks.workers = 'ok';
      } catch (error) {
        checks.workers = (error as Error).message;
      }
      if (ctx.control.shared) {
        // Several nodes: PostgreSQL answers and this node has read the log of their records.
        try {
          await Promise.race([
            ctx.control.caughtUp(),
            new Promise((_, reject) =>
              setTimeout(() => reject(new Error('shared records not reachable')), 2_000).unref(),
            ),
          ]);
          checks.shared = 'ok';
        } catch (error) {
          checks.shared = (error as Error).message;
        }
      }
      const ready = Object.values(checks).every((v) => v === 'ok');
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
    },
  );

  server.get(
    '/metrics',
    {
      schema: {
        tags,
        summary: "Prometheus metrics (prom-client's text format)",
        produces: ['text/plain'],
        response: { 200: { type: 'string' } },
      },
    },
    async (_request, reply) => {
      reply.type(ctx.metrics.registry.contentType);
      return ctx.metrics.registry.metrics();
    },
  );
}
