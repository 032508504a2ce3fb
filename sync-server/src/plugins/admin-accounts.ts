import { EmailSchema, PhoneSchema } from '@thongsuot/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import {
  type AccountDraft,
  addPeopleToPages,
  checkSystemRoles,
  closeSocketsOf,
  isRefusal,
  NO_ACCOUNT,
  newAccountId,
  planDivisions,
  type Refusal,
  searchAccounts,
  setUnitRoles,
  type UnitRoles,
  unitFactsOf,
  unitRolesOf,
} from '../admin/account-admin.ts';
import {
  accountSchema,
  adminErrors,
  adminRoute,
  idParams,
  okSchema,
  sessionSchema,
  temporaryPasswordSchema,
  unitRolesSchema,
} from '../admin/admin-schemas.ts';
import type { AdminStore } from '../admin/admin-store.ts';
import { derivePosition } from '../admin/positions.ts';
import { hashAll, temporaryPassword } from '../admin/temporary-password.ts';
import { adminPerson } from '../admin/unit-pages.ts';
import { USERNAME_PATTERN, usernameFor } from '../admin/usernames.ts';
import { describeDevice } from '../auth/device-name.ts';
import { accountOf, requireRole, sendError } from '../auth/guards.ts';
import { publicSessionId } from '../auth/session-id.ts';
import type { ServerContext } from '../context.ts';
import { SYSTEM_ROLES, type SystemRole } from '../storage/account-store.ts';

interface ListQuery {
  q?: string;
  unitId?: string;
  status?: 'active' | 'disabled';
  offset?: number;
  limit?: number;
}

interface CreateBody {
  fullName: string;
  username?: string;
  unitId: string;
  division?: string;
  position: string;
  rank?: number;
  phone?: string;
  email?: string;
}

interface RolesBody {
  system?: SystemRole[];
  unit?: Partial<UnitRoles>;
}

function refuse(reply: FastifyReply, r: Refusal): FastifyReply {
  return sendError(reply, r.status, r.error, r.message);
}

/**
 * The administrator's accounts (docs/operations.md "Administration"): search, a person's page,
 * create, lock and unlock, reset a password, system and unit roles. Every route needs the admin
 * role; every change is audited with its target. Temporary passwords appear once, in the answer.
 */
export async function adminAccountRoutes(app: FastifyInstance, opts: { ctx: ServerContext; store: AdminStore }) {
  const { ctx, store } = opts;
  const guard = requireRole(ctx, 'admin');

  app.get<{ Querystring: ListQuery }>(
    '/api/admin/accounts',
    {
      preHandler: guard,
      schema: {
        ...adminRoute,
        summary: 'Search accounts',
        description: 'Tìm tài khoản theo tên hoặc tên đăng nhập (không cần dấu), lọc theo đơn vị và trạng thái.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            q: { type: 'string', maxLength: 100 },
            unitId: { type: 'string', minLength: 1, maxLength: 64 },
            status: { type: 'string', enum: ['active', 'disabled'] },
            offset: { type: 'integer', minimum: 0, default: 0 },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['total', 'accounts'],
            properties: { total: { type: 'integer' }, accounts: { type: 'array', items: accountSchema } },
          },
          ...adminErrors,
        },
      },
    },
    async (request) => {
      const { q = '', unitId, status, offset = 0, limit = 50 } = request.query;
      const rows = store.accounts({
        ...(unitId ? { unitId } : {}),
        ...(status ? { disabled: status === 'disabled' } : {}),
      });
      return searchAccounts(rows, q, offset, limit);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/admin/accounts/:id',
    {
      preHandler: guard,
      schema: {
        ...adminRoute,
        summary: 'One account: roles, unit roles, devices',
        description: 'Thông tin một tài khoản: vai trò hệ thống, vai trò trong đơn vị, các thiết bị đã đăng nhập.',
        params: idParams,
        response: {
          200: {
            type: 'object',
            required: ['account', 'unitRoles', 'sessions'],
            properties: {
              account: accountSchema,
              unitRoles: unitRolesSchema,
              sessions: { type: 'array', items: sessionSchema },
            },
          },
          ...adminErrors,
        },
      },
    },
    async (request, reply) => {
      const account = store.account(request.params.id);
      if (!account) return refuse(reply, NO_ACCOUNT);
      const now = ctx.now();
      const connected = new Set(ctx.registry.all().map((c) => c.sessionHash));
      const sessions = store.sessionsOf(account.id).map((s) => ({
        id: publicSessionId(s.tokenHash),
        createdAt: s.createdAt,
        expiresAt: s.expiresAt,
        revokedAt: s.revokedAt,
        lastSeenAt: s.lastSeenAt,
        userAgent: s.userAgent,
        device: describeDevice(s.userAgent),
        ip: s.ip,
        live: s.revokedAt === null && s.expiresAt > now,
        connected: connected.has(s.tokenHash),
      }));
      return { account, unitRoles: await unitRolesOf(ctx, account), sessions };
    },
  );

  app.post<{ Body: CreateBody }>(
    '/api/admin/accounts',
    {
      preHandler: guard,
      schema: {
        ...adminRoute,
        summary: 'Create an account with a temporary password',
        description:
          'Tạo tài khoản; mật khẩu tạm chỉ hiện một lần trong câu trả lời, người dùng phải đổi khi đăng nhập lần đầu. Không ghi tên đăng nhập thì tự tạo từ họ tên.',
        body: {
          type: 'object',
          required: ['fullName', 'unitId', 'position'],
          additionalProperties: false,
          properties: {
            fullName: { type: 'string', minLength: 1, maxLength: 120 },
            username: { type: 'string', minLength: 2, maxLength: 64 },
            unitId: { type: 'string', minLength: 1, maxLength: 64 },
            division: { type: 'string', maxLength: 200 },
            position: { type: 'string', minLength: 1, maxLength: 200 },
            rank: { type: 'integer', minimum: 1, maximum: 9, description: 'derived from the position when absent' },
            phone: { type: 'string', maxLength: 20 },
            email: { type: 'string', maxLength: 254 },
          },
        },
        response: {
          201: {
            type: 'object',
            required: ['account', 'temporaryPassword'],
            properties: { account: accountSchema, temporaryPassword: temporaryPasswordSchema },
          },
          ...adminErrors,
        },
      },
    },
    async (request, reply) => {
      const admin = accountOf(request);
      const body = request.body;
      const fullName = body.fullName.replace(/\s+/g, ' ').trim();
      const position = body.position.replace(/\s+/g, ' ').trim();
      const phone = body.phone?.trim() ?? '';
      const email = body.email?.trim().toLowerCase() ?? '';
      const unit = store.unit(body.unitId);
      if (!fullName || !position) return sendError(reply, 400, 'invalid', 'Hãy ghi họ tên và chức vụ.');
      if (!unit) return sendError(reply, 400, 'unknown_unit', 'Không tìm thấy đơn vị này.');
      if (unit.mergedInto) return sendError(reply, 400, 'merged_unit', `Đơn vị “${unit.name}” đã sáp nhập.`);
      if (phone && !v.is(PhoneSchema, phone))
        return sendError(reply, 400, 'invalid_phone', 'Số điện thoại không hợp lệ.');
      if (email && !v.is(EmailSchema, email)) return sendError(reply, 400, 'invalid_email', 'Email không hợp lệ.');
      const taken = store.identifiers();
      if (email && taken.emails.has(email)) {
        return sendError(reply, 409, 'email_taken', `Email “${email}” đã có tài khoản khác dùng.`);
      }
      const wanted = body.username?.trim().toLowerCase();
      if (wanted !== undefined && !USERNAME_PATTERN.test(wanted)) {
        return sendError(
          reply,
          400,
          'invalid_username',
          'Tên đăng nhập chỉ được gồm chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới (2–64 ký tự).',
        );
      }
      if (wanted && taken.usernames.has(wanted)) {
        return sendError(reply, 409, 'username_taken', `Tên đăng nhập “${wanted}” đã có người dùng.`);
      }
      const derived = derivePosition(unit.kind, unit.name, position);
      const draft: AccountDraft = {
        username: wanted || usernameFor(fullName, new Set(taken.usernames)),
        fullName,
        position,
        positionId: derived.positionId,
        rank: body.rank ?? derived.rank,
        unitId: unit.id,
        division: body.division?.replace(/\s+/g, ' ').trim() ?? '',
        phone,
        email,
      };
      const password = temporaryPassword();
      const [passwordHash] = await hashAll([password]);
      const id = newAccountId();
      try {
        await store.insertAccounts([{ ...draft, id, passwordHash: passwordHash as string }]);
      } catch {
        return sendError(reply, 409, 'username_taken', `Tên đăng nhập “${draft.username}” vừa có người dùng.`);
      }
      const plan = await planDivisions(ctx, [draft]);
      const failed = await addPeopleToPages(ctx, adminPerson(admin), unitFactsOf([unit]), plan, [{ id, draft }]);
      await ctx.audit.record({
        actorId: admin.id,
        action: 'admin.account.create',
        docId: `unit/${unit.id}`,
        detail: `${draft.username} (${id}) ${fullName}, ${unit.name}${failed.length ? `; danh bạ chưa cập nhật: ${failed[0]?.message}` : ''}`,
      });
      reply.header('cache-control', 'no-store');
      return reply.code(201).send({ account: store.account(id), temporaryPassword: password });
    },
  );

  const lock =
    (disabled: boolean) => async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      const admin = accountOf(request);
      const target = store.account(request.params.id);
      if (!target) return refuse(reply, NO_ACCOUNT);
      if (disabled && target.id === admin.id) {
        return sendError(reply, 409, 'own_account', 'Bạn không thể tự khóa tài khoản của mình.');
      }
      await store.setDisabled(target.id, disabled, ctx.now());
      // At once, not at SessionWatch's next round: the device learns why from GET /api/session.
      const closed = disabled ? closeSocketsOf(ctx, target.id, 'account disabled') : 0;
      await ctx.audit.record({
        actorId: admin.id,
        action: disabled ? 'admin.account.disable' : 'admin.account.enable',
        detail: `${target.username} (${target.id})${disabled ? `, ${closed} kết nối bị đóng` : ''}`,
      });
      return { ok: true };
    };
  for (const [path, disabled, summary, description] of [
    [
      'disable',
      true,
      'Lock an account',
      'Khóa tài khoản: không đăng nhập được nữa, các thiết bị đang mở bị ngắt ngay.',
    ],
    ['enable', false, 'Unlock an account', 'Mở khóa tài khoản.'],
  ] as const) {
    app.post<{ Params: { id: string } }>(
      `/api/admin/accounts/:id/${path}`,
      {
        preHandler: guard,
        schema: { ...adminRoute, summary, description, params: idParams, response: { 200: okSchema, ...adminErrors } },
      },
      lock(disabled),
    );
  }

  app.post<{ Params: { id: string } }>(
    '/api/admin/accounts/:id/reset-password',
    {
      preHandler: guard,
      schema: {
        ...adminRoute,
        summary: 'Reset a password to a temporary one',
        description:
          'Đặt lại mật khẩu: mật khẩu tạm hiện một lần; mọi phiên đăng nhập của người đó kết thúc, phải đổi mật khẩu khi đăng nhập lại.',
        params: idParams,
        response: {
          200: {
            type: 'object',
            required: ['temporaryPassword', 'sessionsEnded'],
            properties: { temporaryPassword: temporaryPasswordSchema, sessionsEnded: { type: 'integer' } },
          },
          ...adminErrors,
        },
      },
    },
    async (request, reply) => {
      const admin = accountOf(request);
      const target = store.account(request.params.id);
      if (!target) return refuse(reply, NO_ACCOUNT);
      if (target.id === admin.id) {
        return sendError(reply, 409, 'own_account', 'Hãy đổi mật khẩu của chính mình trong phần Cài đặt.');
      }
      const password = temporaryPassword();
      const [hash] = await hashAll([password]);
      await store.setTemporaryPassword(target.id, hash as string);
      const ended = await store.revokeSessionsOf(target.id, ctx.now());
      closeSocketsOf(ctx, target.id, 'password reset');
      await ctx.audit.record({
        actorId: admin.id,
        action: 'admin.password.reset',
        detail: `${target.username} (${target.id}), ${ended.length} phiên kết thúc`,
      });
      reply.header('cache-control', 'no-store');
      return { temporaryPassword: password, sessionsEnded: ended.length };
    },
  );

  app.put<{ Params: { id: string }; Body: RolesBody }>(
    '/api/admin/accounts/:id/roles',
    {
      preHandler: guard,
      schema: {
        ...adminRoute,
        summary: 'Set system roles and unit roles',
        description:
          'Vai trò hệ thống (quản trị, thanh tra) và vai trò trong đơn vị (cập nhật danh bạ, văn thư, người ký) — vai trò đơn vị ghi trên trang danh bạ của đơn vị.',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            system: { type: 'array', uniqueItems: true, items: { type: 'string', enum: SYSTEM_ROLES } },
            unit: {
              type: 'object',
              additionalProperties: false,
              properties: { editor: { type: 'boolean' }, clerk: { type: 'boolean' }, signer: { type: 'boolean' } },
            },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['roles', 'unitRoles'],
            properties: { roles: accountSchema.properties.roles, unitRoles: unitRolesSchema },
          },
          ...adminErrors,
        },
      },
    },
    async (request, reply) => {
      const admin = accountOf(request);
      const target = store.account(request.params.id);
      if (!target) return refuse(reply, NO_ACCOUNT);
      const { system, unit } = request.body;
      if (system) {
        const refused = checkSystemRoles(store, admin.id, target, system);
        if (refused) return refuse(reply, refused);
      }
      if (unit) {
        const refused = await setUnitRoles(ctx, adminPerson(admin), target, unit);
        if (isRefusal(refused)) return refuse(reply, refused);
      }
      if (system) await ctx.accounts.setRoles(target.id, system);
      await ctx.audit.record({
        actorId: admin.id,
        action: 'admin.roles.set',
        ...(unit ? { docId: `unit/${target.unitId}` } : {}),
        detail: `${target.username} (${target.id}): ${JSON.stringify({ ...(system ? { system } : {}), ...(unit ? { unit } : {}) })}`,
      });
      const after = store.account(target.id) ?? target;
      return { roles: after.roles, unitRoles: await unitRolesOf(ctx, after) };
    },
  );
}
