import type { FastifyInstance } from 'fastify';
import { accountOf, errorSchema, guardedResponses, requireRole, sendError } from '../auth/guards.ts';
import type { ServerContext } from '../context.ts';
import type { Account } from '../storage/account-store.ts';
import { API_SCOPES, type ApiScope, type ApiToken, type ApiTokenStore } from './api-tokens.ts';

const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;

const tokenView = {
  type: 'object',
  required: [
    'id',
    'name',
    'actingId',
    'acting',
    'scopes',
    'units',
    'createdBy',
    'createdAt',
    'revokedAt',
    'lastUsedAt',
  ],
  properties: {
    id: { type: 'string', description: 'the token’s public id, the part after ts_' },
    name: { type: 'string' },
    actingId: { type: 'string' },
    acting: {
      type: ['object', 'null'],
      required: ['id', 'username', 'fullName', 'unitId', 'disabled'],
      properties: {
        id: { type: 'string' },
        username: { type: 'string' },
        fullName: { type: 'string' },
        unitId: { type: 'string' },
        disabled: { type: 'boolean' },
      },
    },
    scopes: { type: 'array', items: { type: 'string', enum: API_SCOPES } },
    units: { type: 'array', items: { type: 'string' } },
    createdBy: { type: 'string' },
    createdAt: { type: 'integer' },
    revokedAt: { type: ['integer', 'null'] },
    lastUsedAt: { type: ['integer', 'null'] },
  },
} as const;

interface CreateBody {
  name: string;
  actingId?: string;
  actingUsername?: string;
  scopes: ApiScope[];
  units: string[];
}

function view(ctx: ServerContext, token: ApiToken) {
  const acting = ctx.accounts.byId(token.actingId);
  return {
    ...token,
    acting: acting
      ? {
          id: acting.id,
          username: acting.username,
          fullName: acting.fullName,
          unitId: acting.unitId,
          disabled: acting.disabled,
        }
      : null,
  };
}

/**
 * The administrator's side of the integration API (docs/operations.md "Integration API"): create
 * a token (shown once), list them without secrets, revoke one. Each action is audited.
 */
export async function tokenRoutes(app: FastifyInstance, o: { ctx: ServerContext; tokens: ApiTokenStore }) {
  const { ctx, tokens } = o;
  const admin = requireRole(ctx, 'admin');

  app.post<{ Body: CreateBody }>(
    '/api/admin/api-tokens',
    {
      onRequest: admin,
      schema: {
        tags: ['administration', 'integration'],
        summary: 'Create an integration API token (returned once)',
        description:
          'Tạo khóa API cho hệ thống tích hợp. Khóa chỉ được trả về một lần; máy chủ chỉ lưu mã băm SHA-256 của nó. Người đứng tên (actingId hoặc actingUsername) phải là tài khoản đang hoạt động của một trong các đơn vị của khóa.',
        security: [{ session: [] }],
        body: {
          type: 'object',
          required: ['name', 'scopes', 'units'],
          additionalProperties: false,
          oneOf: [{ required: ['actingId'] }, { required: ['actingUsername'] }],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            actingId: ID,
            actingUsername: { type: 'string', minLength: 1, maxLength: 100 },
            scopes: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: API_SCOPES } },
            units: { type: 'array', minItems: 1, maxItems: 500, uniqueItems: true, items: ID },
          },
          examples: [
            {
              name: 'Hệ thống quản lý văn bản và điều hành',
              actingUsername: 'vanphong',
              scopes: ['directives:create', 'documents:register', 'tasks:read'],
              units: ['vp-ubnd'],
            },
          ],
        },
        response: {
          201: {
            type: 'object',
            required: ['token', 'apiToken'],
            properties: {
              token: { type: 'string', description: 'ts_<id>_<secret>: shown this once, never again' },
              apiToken: tokenView,
            },
          },
          400: errorSchema,
          ...guardedResponses,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const acting: Account | null = body.actingId
        ? ctx.accounts.byId(body.actingId)
        : ctx.accounts.byUsername((body.actingUsername ?? '').trim().toLowerCase());
      if (!acting || acting.disabled) {
        return sendError(reply, 400, 'invalid_acting', 'Không có tài khoản đang hoạt động nào là người đứng tên này.');
      }
      const known = new Set(ctx.accounts.units().map((u) => u.id));
      const unknown = body.units.filter((u) => !known.has(u));
      if (unknown.length > 0) {
        return sendError(reply, 400, 'invalid_units', `Không có đơn vị: ${unknown.join(', ')}.`);
      }
      if (!body.units.includes(acting.unitId)) {
        return sendError(
          reply,
          400,
          'invalid_acting',
          'Người đứng tên phải thuộc một trong các đơn vị mà khóa được dùng cho.',
        );
      }
      const by = accountOf(request);
      const { token, secret } = await tokens.create({
        name: body.name.trim() || body.name,
        actingId: acting.id,
        scopes: body.scopes,
        units: body.units,
        createdBy: by.id,
        at: ctx.now(),
      });
      await ctx.audit.record({
        actorId: by.id,
        action: 'admin.api_token.create',
        detail: JSON.stringify({
          token: token.id,
          name: token.name,
          actingId: acting.id,
          scopes: token.scopes,
          units: token.units,
        }),
      });
      return reply.code(201).send({ token: secret, apiToken: view(ctx, token) });
    },
  );

  app.get(
    '/api/admin/api-tokens',
    {
      onRequest: admin,
      schema: {
        tags: ['administration', 'integration'],
        summary: 'List integration API tokens (no secrets)',
        description: 'Danh sách khóa API: tên, người đứng tên, quyền, đơn vị, lần dùng gần nhất, đã thu hồi chưa.',
        security: [{ session: [] }],
        response: {
          200: { type: 'object', required: ['tokens'], properties: { tokens: { type: 'array', items: tokenView } } },
          ...guardedResponses,
        },
      },
    },
    async () => ({ tokens: tokens.list().map((t) => view(ctx, t)) }),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/admin/api-tokens/:id',
    {
      onRequest: admin,
      schema: {
        tags: ['administration', 'integration'],
        summary: 'Revoke an integration API token',
        description: 'Thu hồi khóa API: có hiệu lực từ yêu cầu tiếp theo của khóa.',
        security: [{ session: [] }],
        params: { type: 'object', required: ['id'], additionalProperties: false, properties: { id: ID } },
        response: {
          200: tokenView,
          404: errorSchema,
          ...guardedResponses,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const now = ctx.now();
      if (await tokens.revoke(id, now)) {
        await ctx.audit.record({
          actorId: accountOf(request).id,
          action: 'admin.api_token.revoke',
          detail: JSON.stringify({ token: id }),
        });
      }
      const token = tokens.byId(id);
      if (!token) return sendError(reply, 404, 'not_found', 'Không có khóa API này.');
      return view(ctx, token);
    },
  );
}
