import {
  DIVISIONS_BY_UNIT_KIND,
  foldVietnamese,
  patchUnitFacts,
  putDivision,
  queryTerms,
  UNIT_KINDS,
  type UnitKind,
} from '@thongsuot/shared';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isRefusal, type Refusal } from '../admin/account-admin.ts';
import { adminErrors, adminRoute, divisionSchema, idParams, unitSchema } from '../admin/admin-schemas.ts';
import type { AdminStore } from '../admin/admin-store.ts';
import { serverEdit } from '../admin/server-edit.ts';
import { carryOutMerge, planMerge, unitIdFor } from '../admin/unit-admin.ts';
import { adminPerson, createPage, divisionNamed, newDivisionId, readPage, unitDocId } from '../admin/unit-pages.ts';
import { accountOf, requireRole, sendError } from '../auth/guards.ts';
import type { ServerContext } from '../context.ts';

const nameSchema = { type: 'string', minLength: 1, maxLength: 200 } as const;
const divisionParams = {
  type: 'object',
  required: ['id', 'divisionId'],
  additionalProperties: false,
  properties: { ...idParams.properties, divisionId: idParams.properties.id },
} as const;

function refuse(reply: FastifyReply, r: Refusal): FastifyReply {
  return sendError(reply, r.status, r.error, r.message);
}

const clean = (name: string) => name.replace(/\s+/g, ' ').trim();

/**
 * The administrator's units (docs/operations.md "Administration"): list, create (the units row
 * and its directory page), rename, divisions, and merging one unit into another. Page changes go
 * through `serverEdit` as an administrator; each action is audited.
 */
export async function adminUnitRoutes(app: FastifyInstance, opts: { ctx: ServerContext; store: AdminStore }) {
  const { ctx, store } = opts;
  const guard = requireRole(ctx, 'admin');

  app.get<{ Querystring: { q?: string; merged?: boolean } }>(
    '/api/admin/units',
    {
      preHandler: guard,
      schema: {
        ...adminRoute,
        summary: 'List units',
        description: 'Danh sách đơn vị (tìm không cần dấu); đơn vị đã sáp nhập chỉ hiện khi merged=true.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { q: { type: 'string', maxLength: 100 }, merged: { type: 'boolean', default: false } },
        },
        response: {
          200: { type: 'object', required: ['units'], properties: { units: { type: 'array', items: unitSchema } } },
          ...adminErrors,
        },
      },
    },
    async (request) => {
      const terms = queryTerms(request.query.q ?? '');
      const units = store
        .units()
        .filter((u) => request.query.merged || !u.mergedInto)
        .filter((u) => terms.every((t) => `${foldVietnamese(u.name)} ${u.id}`.includes(t)));
      return { units };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/admin/units/:id',
    {
      preHandler: guard,
      schema: {
        ...adminRoute,
        summary: 'One unit with its divisions',
        description: 'Một đơn vị và các phòng/ban trên trang danh bạ của đơn vị.',
        params: idParams,
        response: {
          200: {
            type: 'object',
            required: ['unit', 'divisions', 'hasPage'],
            properties: {
              unit: unitSchema,
              divisions: { type: 'array', items: divisionSchema },
              hasPage: { type: 'boolean' },
            },
          },
          ...adminErrors,
        },
      },
    },
    async (request, reply) => {
      const unit = store.unit(request.params.id);
      if (!unit) return sendError(reply, 404, 'not_found', 'Không tìm thấy đơn vị này.');
      const page = await readPage(ctx, unit.id);
      return { unit, divisions: page?.divisions ?? [], hasPage: page !== null };
    },
  );

  app.post<{ Body: { name: string; kind: UnitKind; parentId: string | null; divisions?: string[] } }>(
    '/api/admin/units',
    {
      preHandler: guard,
      schema: {
        ...adminRoute,
        summary: 'Create a unit and its directory page',
        description:
          'Tạo đơn vị mới và trang danh bạ của nó. Không ghi phòng/ban thì dùng các phòng/ban chuẩn của loại đơn vị đó.',
        body: {
          type: 'object',
          required: ['name', 'kind', 'parentId'],
          additionalProperties: false,
          properties: {
            name: nameSchema,
            kind: { type: 'string', enum: UNIT_KINDS },
            parentId: { type: ['string', 'null'], maxLength: 64 },
            divisions: { type: 'array', maxItems: 50, items: nameSchema },
          },
        },
        response: { 201: { type: 'object', required: ['unit'], properties: { unit: unitSchema } }, ...adminErrors },
      },
    },
    async (request, reply) => {
      const admin = accountOf(request);
      const { kind, parentId } = request.body;
      const name = clean(request.body.name);
      const units = store.units();
      if (!name) return sendError(reply, 400, 'invalid', 'Hãy ghi tên đơn vị.');
      if (parentId !== null && !units.some((u) => u.id === parentId && !u.mergedInto)) {
        return sendError(reply, 400, 'unknown_unit', 'Không tìm thấy đơn vị cấp trên.');
      }
      const same = units.find((u) => !u.mergedInto && foldVietnamese(u.name) === foldVietnamese(name));
      if (same) return sendError(reply, 409, 'name_taken', `Đã có đơn vị “${same.name}”.`);
      const id = unitIdFor(name, new Set(units.map((u) => u.id)));
      const divisions = (request.body.divisions ?? DIVISIONS_BY_UNIT_KIND[kind]).map(clean).filter((d) => d !== '');
      // The page first: a unit row without a page would be listed with no directory.
      const outcome = await createPage(ctx, adminPerson(admin), { id, name, kind, parentId }, divisions, ctx.now());
      if (!outcome.ok) return sendError(reply, 409, outcome.code, outcome.message);
      await store.insertUnit({ id, name, kind, parentId });
      await ctx.audit.record({
        actorId: admin.id,
        action: 'admin.unit.create',
        docId: unitDocId(id),
        detail: `${id}: ${name}`,
      });
      return reply.code(201).send({ unit: store.unit(id) });
    },
  );

  app.patch<{ Params: { id: string }; Body: { name: string } }>(
    '/api/admin/units/:id',
    {
      preHandler: guard,
      schema: {
        ...adminRoute,
        summary: 'Rename a unit',
        description: 'Đổi tên đơn vị (bảng đơn vị và trang danh bạ).',
        params: idParams,
        body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: nameSchema } },
        response: { 200: { type: 'object', required: ['unit'], properties: { unit: unitSchema } }, ...adminErrors },
      },
    },
    async (request, reply) => {
      const admin = accountOf(request);
      const unit = store.unit(request.params.id);
      const name = clean(request.body.name);
      if (!unit) return sendError(reply, 404, 'not_found', 'Không tìm thấy đơn vị này.');
      if (!name) return sendError(reply, 400, 'invalid', 'Hãy ghi tên đơn vị.');
      if (unit.mergedInto) return sendError(reply, 409, 'merged_unit', 'Đơn vị đã sáp nhập không đổi tên được.');
      const outcome = await serverEdit(ctx, adminPerson(admin), unitDocId(unit.id), (doc) =>
        patchUnitFacts(doc, { name }),
      );
      if (!outcome.ok) return sendError(reply, 409, outcome.code, outcome.message);
      await store.renameUnit(unit.id, name);
      await ctx.audit.record({
        actorId: admin.id,
        action: 'admin.unit.rename',
        docId: unitDocId(unit.id),
        detail: `${unit.id}: ${unit.name} → ${name}`,
      });
      return { unit: store.unit(unit.id) };
    },
  );

  app.post<{ Params: { id: string }; Body: { name: string } }>(
    '/api/admin/units/:id/divisions',
    {
      preHandler: guard,
      schema: {
        ...adminRoute,
        summary: 'Add a division to a unit',
        description: 'Thêm phòng/ban vào trang danh bạ của đơn vị.',
        params: idParams,
        body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: nameSchema } },
        response: {
          201: { type: 'object', required: ['division'], properties: { division: divisionSchema } },
          ...adminErrors,
        },
      },
    },
    async (request, reply) => {
      const admin = accountOf(request);
      const unit = store.unit(request.params.id);
      const name = clean(request.body.name);
      if (!unit) return sendError(reply, 404, 'not_found', 'Không tìm thấy đơn vị này.');
      if (!name) return sendError(reply, 400, 'invalid', 'Hãy ghi tên phòng/ban.');
      const page = await readPage(ctx, unit.id);
      if (!page) return sendError(reply, 409, 'no_page', 'Đơn vị này chưa có trang danh bạ.');
      if (divisionNamed(page, name)) return sendError(reply, 409, 'name_taken', `Đơn vị đã có “${name}”.`);
      const division = {
        id: newDivisionId(
          unit.id,
          page.divisions.map((d) => d.id),
        ),
        name,
        order: Math.max(0, ...page.divisions.map((d) => d.order)) + 1,
      };
      const outcome = await serverEdit(ctx, adminPerson(admin), unitDocId(unit.id), (doc) =>
        putDivision(doc, division),
      );
      if (!outcome.ok) return sendError(reply, 409, outcome.code, outcome.message);
      await ctx.audit.record({
        actorId: admin.id,
        action: 'admin.division.create',
        docId: unitDocId(unit.id),
        detail: `${unit.id}/${division.id}: ${name}`,
      });
      return reply.code(201).send({ division });
    },
  );

  app.patch<{ Params: { id: string; divisionId: string }; Body: { name: string } }>(
    '/api/admin/units/:id/divisions/:divisionId',
    {
      preHandler: guard,
      schema: {
        ...adminRoute,
        summary: 'Rename a division',
        description: 'Đổi tên phòng/ban.',
        params: divisionParams,
        body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: nameSchema } },
        response: {
          200: { type: 'object', required: ['division'], properties: { division: divisionSchema } },
          ...adminErrors,
        },
      },
    },
    async (request, reply) => {
      const admin = accountOf(request);
      const name = clean(request.body.name);
      const page = await readPage(ctx, request.params.id);
      const current = page?.divisions.find((d) => d.id === request.params.divisionId);
      if (!page || !current) return sendError(reply, 404, 'not_found', 'Không tìm thấy phòng/ban này.');
      if (!name) return sendError(reply, 400, 'invalid', 'Hãy ghi tên phòng/ban.');
      const clash = divisionNamed(page, name);
      if (clash && clash.id !== current.id) return sendError(reply, 409, 'name_taken', `Đơn vị đã có “${name}”.`);
      const division = { ...current, name };
      const outcome = await serverEdit(ctx, adminPerson(admin), unitDocId(page.unit.id), (doc) =>
        putDivision(doc, division),
      );
      if (!outcome.ok) return sendError(reply, 409, outcome.code, outcome.message);
      await ctx.audit.record({
        actorId: admin.id,
        action: 'admin.division.rename',
        docId: unitDocId(page.unit.id),
        detail: `${page.unit.id}/${current.id}: ${current.name} → ${name}`,
      });
      return { division };
    },
  );

  app.post<{ Params: { id: string }; Body: { into: string; dryRun?: boolean } }>(
    '/api/admin/units/:id/merge',
    {
      preHandler: guard,
      schema: {
        ...adminRoute,
        summary: 'Merge a unit into another',
        description:
          'Sáp nhập đơn vị vào đơn vị khác: mọi người và phòng/ban chuyển sang, đơn vị cũ được đánh dấu đã sáp nhập. dryRun=true chỉ cho biết sẽ chuyển những gì.',
        params: idParams,
        body: {
          type: 'object',
          required: ['into'],
          additionalProperties: false,
          properties: { into: idParams.properties.id, dryRun: { type: 'boolean', default: false } },
        },
        response: {
          200: {
            type: 'object',
            required: ['dryRun', 'from', 'into', 'people', 'newDivisions', 'sharedDivisions', 'tasks'],
            properties: {
              dryRun: { type: 'boolean' },
              from: unitSchema,
              into: unitSchema,
              people: { type: 'integer', description: 'accounts that move' },
              newDivisions: { type: 'array', items: { type: 'string' } },
              sharedDivisions: { type: 'array', items: { type: 'string' } },
              tasks: { type: 'integer', description: 'task docs the merged unit reads' },
            },
          },
          ...adminErrors,
        },
      },
    },
    async (request, reply) => {
      const admin = accountOf(request);
      const plan = await planMerge(ctx, store, request.params.id, request.body.into);
      if (isRefusal(plan)) return refuse(reply, plan);
      const summary = {
        from: plan.from,
        into: plan.into,
        people: plan.people,
        newDivisions: plan.newDivisions.map((d) => d.name),
        sharedDivisions: plan.sharedDivisions,
        tasks: plan.tasks,
      };
      if (request.body.dryRun) return { dryRun: true, ...summary };
      const refused = await carryOutMerge(ctx, store, adminPerson(admin), plan);
      if (refused) return refuse(reply, refused);
      await ctx.audit.record({
        actorId: admin.id,
        action: 'admin.unit.merge',
        docId: unitDocId(plan.from.id),
        detail: `${plan.from.id} → ${plan.into.id}: ${plan.people} người, ${plan.newDivisions.length} phòng/ban mới`,
      });
      return { dryRun: false, ...summary, from: store.unit(plan.from.id), into: store.unit(plan.into.id) };
    },
  );
}
