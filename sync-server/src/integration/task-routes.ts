import { readReceipts, readTask } from '@thongsuot/shared';
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import { errorSchema, sendError } from '../auth/guards.ts';
import type { ServerContext } from '../context.ts';
import { apiResponses } from './api-answers.ts';
import { callerOf, personOf } from './api-guard.ts';
import type { ApiScope } from './api-tokens.ts';
import { taskStatus } from './task-status.ts';
import { readDoc } from './write-docs.ts';

const vouched = {
  type: 'object',
  required: ['device', 'relay'],
  properties: {
    device: { type: 'integer', description: 'ms since the epoch, as the device recorded it' },
    relay: { type: ['integer', 'null'], description: 'when the relay received it; null while only a device has it' },
  },
} as const;
const vouchedOrNull = { ...vouched, type: ['object', 'null'] } as const;

const recipientStatus = {
  type: 'object',
  required: ['recipientId', 'recipientKind', 'status', 'stage', 'deadline', 'overdue', 'percent', 'extension'],
  properties: {
    recipientId: { type: 'string' },
    recipientKind: { type: 'string', enum: ['unit', 'person'] },
    status: {
      type: 'string',
      enum: ['sent', 'received', 'read', 'in_progress', 'reported', 'completed'],
      description: 'sent = chưa nhận (not on any of their devices yet)',
    },
    stage: { type: 'string', enum: ['received', 'read', 'in_progress', 'reported', 'completed'] },
    round: { type: 'integer', description: '0 until the issuer first sends the work back' },
    stageAt: vouched,
    stageBy: { type: 'string' },
    deadline: { type: 'string', description: 'the task’s, or later by an approved extension' },
    overdue: { type: 'boolean' },
    delivered: {
      type: ['object', 'null'],
      properties: { by: { type: 'string' }, at: vouched },
    },
    percent: { type: ['integer', 'null'], description: 'of the latest progress report' },
    reportedAt: vouchedOrNull,
    extension: {
      type: ['object', 'null'],
      description: 'the recipient’s latest extension request',
      properties: {
        state: { type: 'string', enum: ['pending', 'approved', 'rejected'] },
        proposedDeadline: { type: 'string' },
        requestedAt: vouched,
        decidedAt: vouchedOrNull,
      },
    },
  },
} as const;

const taskView = {
  type: 'object',
  required: [
    'id',
    'title',
    'deadline',
    'priority',
    'sourceLevel',
    'issuerId',
    'issuerUnitId',
    'createdAt',
    'recipients',
  ],
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    deadline: { type: 'string' },
    priority: { type: 'string' },
    sourceLevel: { type: 'string' },
    reference: { type: ['string', 'null'] },
    issuerId: { type: 'string' },
    issuerUnitId: { type: 'string' },
    createdAt: vouched,
    recipients: { type: 'array', items: recipientStatus },
  },
} as const;

/**
 * GET /api/v1/tasks/:id: a task's progress for the token's units — only a task the acting person
 * may read (the relay's own read rule), issued by or sent to one of the token's units.
 */
export async function taskRoutes(
  app: FastifyInstance,
  o: { ctx: ServerContext; guard: (scope: ApiScope, action: string) => onRequestAsyncHookHandler },
) {
  const { ctx } = o;
  app.get<{ Params: { id: string } }>(
    '/api/v1/tasks/:id',
    {
      onRequest: o.guard('tasks:read', 'tasks.read'),
      schema: {
        tags: ['integration'],
        summary: 'A task’s status per recipient',
        description:
          'Tình hình thực hiện nhiệm vụ: từng đơn vị nhận ở bước nào, thời điểm thiết bị ghi và thời điểm máy chủ nhận, phần trăm báo cáo gần nhất, xin gia hạn.',
        security: [{ apiToken: [] }],
        params: {
          type: 'object',
          required: ['id'],
          additionalProperties: false,
          properties: { id: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } },
        },
        response: { 200: taskView, 404: errorSchema, ...apiResponses },
      },
    },
    async (request, reply) => {
      const { acting, token } = callerOf(request);
      const docId = `task/${request.params.id}`;
      if (request.apiAudit) request.apiAudit.docId = docId;
      const notFound = () =>
        sendError(reply, 404, 'not_found', 'Không có nhiệm vụ này, hoặc khóa API không được đọc nó.');
      if (!(await ctx.hub.canRead(personOf(acting), docId))) return notFound();
      const doc = await readDoc(ctx, docId);
      if (!doc) return notFound();
      try {
        const task = readTask(doc);
        if (!task) return notFound();
        const units = new Set(token.units);
        const unitOf = (a: (typeof task.assignments)[number]) =>
          a.recipientKind === 'unit' ? a.recipientId : (ctx.accounts.byId(a.recipientId)?.unitId ?? '');
        const concerns = units.has(task.issuerUnitId) || task.assignments.some((a) => units.has(unitOf(a)));
        if (!concerns) {
          if (request.apiAudit) request.apiAudit.detail.refused = 'units';
          return sendError(reply, 403, 'forbidden', 'Nhiệm vụ này không do các đơn vị của khóa API giao hoặc nhận.');
        }
        return taskStatus(task, readReceipts(doc), ctx.now());
      } finally {
        doc.destroy();
      }
    },
  );
}
