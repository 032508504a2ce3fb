import {
  CITY_OFFICE_ID,
  caseConversationId,
  HIGHER_SOURCE_LEVELS,
  NewTaskSchema,
  SOURCE_LEVELS,
  type SourceLevel,
  sourceLevelOfUnit,
  TASK_PRIORITIES,
  type TaskPriority,
  vietnamDate,
} from '@thongsuot/shared';
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import * as v from 'valibot';
import { sendError } from '../auth/guards.ts';
import type { ServerContext } from '../context.ts';
import { idempotencyHeaders, keyedResponses } from './api-answers.ts';
import { callerOf } from './api-guard.ts';
import type { ApiScope } from './api-tokens.ts';
import type { IdempotencyStore } from './idempotency.ts';
import { keyedRequest } from './keyed-request.ts';
import { writeDirective } from './write-docs.ts';

interface DirectiveBody {
  title: string;
  body?: string;
  deadline: string;
  recipients: string[];
  priority?: TaskPriority;
  sourceLevel?: SourceLevel;
  reference?: string;
  externalRef?: string;
}

const UNIT_ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;

const directiveBody = {
  type: 'object',
  required: ['title', 'deadline', 'recipients'],
  additionalProperties: false,
  properties: {
    title: { type: 'string', minLength: 1, maxLength: 500, description: 'trích yếu / tên nhiệm vụ' },
    body: { type: 'string', maxLength: 100_000, description: 'nội dung chỉ đạo' },
    deadline: {
      type: 'string',
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      description: 'hạn xử lý, YYYY-MM-DD (giờ Việt Nam), không trước hôm nay',
    },
    recipients: { type: 'array', minItems: 1, maxItems: 2_000, uniqueItems: true, items: UNIT_ID },
    priority: { type: 'string', enum: TASK_PRIORITIES, description: 'thường, khẩn, hỏa tốc (default normal)' },
    sourceLevel: {
      type: 'string',
      enum: SOURCE_LEVELS,
      description:
        'nguồn giao: the issuing body. The City Office may register directives from above the city (government_office, city_party_committee, city_pc_party_committee); the acting person is then shown as who registered it. Default: the acting unit’s own level.',
    },
    reference: {
      type: 'string',
      minLength: 1,
      maxLength: 80,
      description: 'số, ký hiệu văn bản chỉ đạo, e.g. 1234/VPCP-KGVX',
    },
    externalRef: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'the caller’s own record id, echoed back and audited',
    },
  },
  examples: [
    {
      title: 'Triển khai kế hoạch phòng, chống ngập úng mùa mưa năm 2026',
      body: 'Các đơn vị rà soát điểm ngập, báo cáo kết quả về Văn phòng UBND Thành phố.',
      deadline: '2026-12-15',
      recipients: ['phuong-ben-thanh', 'so-xay-dung'],
      priority: 'urgent',
      sourceLevel: 'government_office',
      reference: '1234/VPCP-KGVX',
      externalRef: 'QLVB-2026-000123',
    },
  ],
} as const;

const created = {
  type: 'object',
  required: ['taskId', 'docId', 'caseGroupId', 'externalRef'],
  properties: {
    taskId: { type: 'string', description: 'for GET /api/v1/tasks/{id}' },
    docId: { type: 'string' },
    caseGroupId: { type: 'string', description: 'the directive’s case group conversation' },
    externalRef: { type: ['string', 'null'] },
  },
  examples: [
    {
      taskId: '3f9c1e0b6a7d4c2e8f1a0b9c8d7e6f5a',
      docId: 'task/3f9c1e0b6a7d4c2e8f1a0b9c8d7e6f5a',
      caseGroupId: 'case-3f9c1e0b6a7d4c2e8f1a0b9c8d7e6f5a',
      externalRef: 'QLVB-2026-000123',
    },
  ],
} as const;

/**
 * POST /api/v1/directives: a directive written in the acting person's name exactly as the app's
 * new-task form writes one — the same checks on recipients, deadline and source level first, then
 * the task and its case group through the relay's write path (its rules decide, as for a device).
 */
export async function directiveRoutes(
  app: FastifyInstance,
  o: {
    ctx: ServerContext;
    keys: IdempotencyStore;
    guard: (scope: ApiScope, action: string) => onRequestAsyncHookHandler;
  },
) {
  const { ctx, keys } = o;
  app.post<{ Body: DirectiveBody }>(
    '/api/v1/directives',
    {
      onRequest: o.guard('directives:create', 'directives.create'),
      schema: {
        tags: ['integration'],
        summary: 'Create a directive (a task) in the acting person’s name',
        description:
          'Tạo chỉ đạo (nhiệm vụ) nhân danh người đứng tên khóa API, như khi người đó giao việc trên ứng dụng. Bắt buộc có Idempotency-Key.',
        security: [{ apiToken: [] }],
        headers: idempotencyHeaders,
        body: directiveBody,
        response: {
          201: { ...created, description: 'Created' },
          200: {
            ...created,
            description: 'The first answer to this Idempotency-Key again (Idempotent-Replayed: true)',
          },
          ...keyedResponses,
        },
      },
    },
    async (request, reply) => {
      const { acting } = callerOf(request);
      const body = request.body;
      const now = ctx.now();
      const units = new Map(ctx.accounts.units().map((u) => [u.id, u]));
      const invalid = body.recipients.filter((id) => {
        const unit = units.get(id);
        return !unit || unit.kind === 'external' || id === acting.unitId;
      });
      if (invalid.length > 0) {
        return sendError(
          reply,
          400,
          'invalid_recipients',
          `Không giao được cho: ${invalid.join(', ')} (không có đơn vị này, là cơ quan ngoài Thành phố, hoặc là chính đơn vị giao).`,
        );
      }
      if (body.deadline < vietnamDate(now)) {
        return sendError(reply, 400, 'invalid_deadline', 'Hạn xử lý không được trước hôm nay.');
      }
      const own = units.get(acting.unitId);
      const ownLevel = own ? sourceLevelOfUnit(own.kind, own.id) : 'city_people_committee';
      const levels: readonly SourceLevel[] =
        acting.unitId === CITY_OFFICE_ID ? [ownLevel, ...HIGHER_SOURCE_LEVELS] : [ownLevel];
      const sourceLevel = body.sourceLevel ?? ownLevel;
      if (!levels.includes(sourceLevel)) {
        return sendError(
          reply,
          400,
          'invalid_source_level',
          `Đơn vị của người đứng tên chỉ giao việc với nguồn giao: ${levels.join(', ')}.`,
        );
      }
      const draft = (id: string) => ({
        id,
        title: body.title.trim(),
        body: body.body?.trim() ?? '',
        deadline: body.deadline,
        priority: body.priority ?? 'normal',
        sourceLevel,
        ...(body.reference?.trim() ? { reference: body.reference.trim() } : {}),
        recipients: body.recipients.map((id) => ({ id, kind: 'unit' as const })),
        at: now,
      });
      const check = v.safeParse(NewTaskSchema, { ...draft('x'), issuerId: acting.id, issuerUnitId: acting.unitId });
      if (!check.success) {
        const what = check.issues.map((i) => `${v.getDotPath(i) ?? ''}: ${i.message}`).join('; ');
        return sendError(reply, 400, 'invalid_request', `Chỉ đạo không hợp lệ (${what}).`);
      }
      const audit = request.apiAudit;
      if (audit) audit.detail = { key: request.headers['idempotency-key'], externalRef: body.externalRef ?? null };
      return keyedRequest(keys, request, reply, async (id) => {
        const written = await writeDirective(ctx, acting, draft(id));
        if (!written.ok) return written;
        return {
          ok: true,
          response: {
            taskId: id,
            docId: `task/${id}`,
            caseGroupId: caseConversationId(id),
            externalRef: body.externalRef ?? null,
          },
        };
      });
    },
  );
}
