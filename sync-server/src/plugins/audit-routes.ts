import type { FastifyInstance } from 'fastify';
import { MAX_AUDIT_PAGE, queryAudit } from '../audit/audit-query.ts';
import { accountOf, guardedResponses, requireRole } from '../auth/guards.ts';
import type { ServerContext } from '../context.ts';

const row = {
  type: 'object',
  required: ['id', 'at', 'action'],
  properties: {
    id: { type: 'integer' },
    at: { type: 'integer', description: 'ms since the epoch, the relay clock' },
    actorId: { type: ['string', 'null'] },
    actorName: { type: ['string', 'null'] },
    actorUsername: { type: ['string', 'null'] },
    unitId: { type: ['string', 'null'] },
    unitName: { type: ['string', 'null'] },
    action: { type: 'string' },
    docId: { type: ['string', 'null'] },
    detail: { type: ['string', 'null'] },
  },
} as const;

interface AuditQuery {
  person?: string;
  unitId?: string;
  docId?: string;
  action?: string;
  from?: number;
  to?: number;
  before?: number;
  limit?: number;
}

/**
 * The audit log viewer's data (docs/operations.md "Audit log"), for administrators and inspectors:
 * filtered by person, unit, document, action and time, newest first, paged by id. Reading the log
 * is itself logged. The client exports what it shows as CSV page by page.
 */
export async function auditRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get<{ Querystring: AuditQuery }>(
    '/api/audit',
    {
      preHandler: requireRole(ctx, 'admin', 'inspector'),
      schema: {
        tags: ['administration'],
        summary: 'Audit log lines, newest first',
        description: 'Nhật ký hệ thống: đăng nhập, đăng nhập sai, giao việc, phê duyệt, từ chối, thao tác quản trị.',
        security: [{ session: [] }],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            person: { type: 'string', minLength: 1, maxLength: 100, description: 'person id or username' },
            unitId: { type: 'string', minLength: 1, maxLength: 100 },
            docId: {
              type: 'string',
              minLength: 1,
              maxLength: 200,
              description: 'a doc id, or a kind prefix such as task/',
            },
            action: {
              type: 'string',
              minLength: 1,
              maxLength: 100,
              description: 'an action, or a family ending in a dot',
            },
            from: { type: 'integer', minimum: 0 },
            to: { type: 'integer', minimum: 0 },
            before: { type: 'integer', minimum: 1, description: 'id of the last line of the previous page' },
            limit: { type: 'integer', minimum: 1, maximum: MAX_AUDIT_PAGE },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['rows', 'more', 'retentionDays'],
            properties: {
              rows: { type: 'array', items: row },
              more: { type: 'boolean' },
              retentionDays: { type: 'integer' },
            },
          },
          ...guardedResponses,
        },
      },
    },
    async (request) => {
      const filter = request.query;
      if (filter.before === undefined) {
        await ctx.audit.record({
          actorId: accountOf(request).id,
          action: 'audit.view',
          detail: JSON.stringify(filter),
        });
      }
      const { rows, more } = queryAudit(ctx.db, filter);
      return { rows, more, retentionDays: ctx.auditRetentionDays };
    },
  );
}
