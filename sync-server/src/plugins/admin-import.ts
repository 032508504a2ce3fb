import type { FastifyInstance } from 'fastify';
import { type AccountDraft, planDivisions } from '../admin/account-admin.ts';
import { checkImport, MAX_IMPORT_ROWS } from '../admin/account-import.ts';
import { adminErrors, adminRoute, divisionSchema } from '../admin/admin-schemas.ts';
import type { AdminStore } from '../admin/admin-store.ts';
import { ImportJobs } from '../admin/import-jobs.ts';
import { adminPerson } from '../admin/unit-pages.ts';
import { accountOf, errorSchema, requireRole, sendError } from '../auth/guards.ts';
import type { ServerContext } from '../context.ts';

/** HR's file for 2,000 people is about 300 KB; 5 MB leaves room for long rows. */
const IMPORT_BODY_LIMIT = 5 * 1024 * 1024;

const previewRow = {
  type: 'object',
  required: ['line', 'username', 'fullName', 'unitId', 'unitName', 'position', 'rank'],
  properties: {
    line: { type: 'integer' },
    username: { type: 'string' },
    fullName: { type: 'string' },
    unitId: { type: 'string' },
    unitName: { type: 'string' },
    division: { type: 'string' },
    position: { type: 'string' },
    rank: { type: 'integer' },
    temporaryPassword: { type: 'string', description: 'only after an import, never in a dry run' },
  },
} as const;

/**
 * Importing HR's CSV of officials (docs/operations.md "Administration"): every line is checked
 * first and, if any is wrong, nothing is written and every problem comes back with its line.
 * Otherwise an import job (admin/import-jobs.ts) hashes the temporary passwords, writes all
 * accounts in one SQLite transaction, then gives each unit's directory page its people in one
 * edit; its result lists each username with its temporary password, once. `?dryRun=true` only checks.
 */
export async function adminImportRoutes(app: FastifyInstance, opts: { ctx: ServerContext; store: AdminStore }) {
  const { ctx, store } = opts;
  // Only in this plugin's scope: the file comes as text/csv (or text/plain), decoded as UTF-8.
  app.addContentTypeParser(
    ['text/csv', 'text/plain'],
    { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT },
    (_r, body, done) => done(null, body),
  );

  const jobs = new ImportJobs(ctx.now);

  app.post<{ Querystring: { dryRun?: boolean }; Body: string }>(
    '/api/admin/accounts/import',
    {
      preHandler: requireRole(ctx, 'admin'),
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        ...adminRoute,
        summary: 'Import accounts from HR’s CSV',
        description: `Nhập danh sách cán bộ từ tệp CSV (UTF-8, dấu phẩy hoặc chấm phẩy; cột: Họ và tên, Đơn vị, Phòng/ban, Chức vụ, Điện thoại, Email, tùy chọn Tên đăng nhập). Tối đa ${MAX_IMPORT_ROWS} người một lần. Có dòng sai thì không nhập gì và trả về danh sách lỗi theo dòng.`,
        consumes: ['text/csv'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { dryRun: { type: 'boolean', default: false } },
        },
        body: { type: 'string', maxLength: IMPORT_BODY_LIMIT },
        response: {
          200: {
            type: 'object',
            description: 'dry run: what would be imported',
            required: ['dryRun', 'count', 'accounts', 'newDivisions'],
            properties: {
              dryRun: { type: 'boolean' },
              count: { type: 'integer' },
              accounts: { type: 'array', items: previewRow },
              newDivisions: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['unitId', 'division'],
                  properties: { unitId: { type: 'string' }, division: divisionSchema },
                },
              },
            },
          },
          202: {
            type: 'object',
            description: 'every line is valid: the import runs; ask GET /api/admin/accounts/import/{jobId}',
            required: ['jobId', 'count'],
            properties: { jobId: { type: 'string' }, count: { type: 'integer' } },
          },
          422: {
            type: 'object',
            required: ['statusCode', 'error', 'message', 'errors'],
            properties: {
              ...errorSchema.properties,
              errors: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['line', 'field', 'message'],
                  properties: { line: { type: 'integer' }, field: { type: 'string' }, message: { type: 'string' } },
                },
              },
            },
          },
          ...adminErrors,
        },
      },
    },
    async (request, reply) => {
      const admin = accountOf(request);
      if (typeof request.body !== 'string') return sendError(reply, 400, 'invalid', 'Hãy gửi tệp CSV.');
      const units = store.units();
      const { usernames, emails } = store.identifiers();
      const checked = checkImport(request.body, { units, usernames, emails });
      if (checked.errors.length > 0) {
        return reply.code(422).send({
          statusCode: 422,
          error: 'invalid_rows',
          message: `Tệp có ${checked.errors.length} lỗi; chưa nhập ai. Hãy sửa rồi thử lại.`,
          errors: checked.errors,
        });
      }
      const unitName = new Map(units.map((u) => [u.id, u.name]));
      const drafts: AccountDraft[] = checked.rows.map((r) => ({
        username: r.username,
        fullName: r.fullName,
        position: r.position,
        positionId: r.positionId,
        rank: r.rank,
        unitId: r.unitId,
        division: r.division,
        phone: r.phone,
        email: r.email,
      }));
      const plan = await planDivisions(ctx, drafts);
      const newDivisions = [...plan.newDivisions].flatMap(([unitId, list]) =>
        list.map((division) => ({ unitId, division })),
      );
      const preview = checked.rows.map((r) => ({
        line: r.line,
        username: r.username,
        fullName: r.fullName,
        unitId: r.unitId,
        unitName: unitName.get(r.unitId) ?? r.unitId,
        division: r.division,
        position: r.position,
        rank: r.rank,
      }));
      if (request.query.dryRun) return { dryRun: true, count: preview.length, accounts: preview, newDivisions };

      if (jobs.busy) {
        return sendError(reply, 409, 'import_running', 'Đang có một lần nhập khác chạy; hãy đợi nó xong rồi thử lại.');
      }
      const jobId = jobs.start(ctx, store, adminPerson(admin), drafts, plan, preview, (ms) =>
        request.log.info({ accounts: drafts.length, ms }, 'accounts imported'),
      );
      return reply.code(202).send({ jobId, count: preview.length });
    },
  );

  app.get<{ Params: { jobId: string } }>(
    '/api/admin/accounts/import/:jobId',
    {
      preHandler: requireRole(ctx, 'admin'),
      schema: {
        ...adminRoute,
        summary: 'Progress and result of an import',
        description:
          'Tiến độ của một lần nhập; khi xong, trả danh sách tên đăng nhập và mật khẩu tạm đúng một lần rồi xóa khỏi máy chủ.',
        params: {
          type: 'object',
          required: ['jobId'],
          additionalProperties: false,
          properties: { jobId: { type: 'string', format: 'uuid' } },
        },
        response: {
          200: {
            type: 'object',
            required: ['status'],
            properties: {
              status: { type: 'string', enum: ['running', 'done', 'failed'] },
              done: { type: 'integer', description: 'passwords hashed so far' },
              total: { type: 'integer' },
              count: { type: 'integer' },
              accounts: { type: 'array', items: previewRow },
              directoryFailures: {
                type: 'array',
                items: { type: 'object', properties: { unitId: { type: 'string' }, message: { type: 'string' } } },
              },
              ms: { type: 'integer', description: 'how long the import took' },
              message: { type: 'string' },
            },
          },
          ...adminErrors,
        },
      },
    },
    async (request, reply) => {
      const state = jobs.take(request.params.jobId, accountOf(request).id);
      if (!state) {
        return sendError(reply, 404, 'not_found', 'Không tìm thấy lần nhập này (kết quả chỉ được lấy một lần).');
      }
      if (state.status === 'done') reply.header('cache-control', 'no-store');
      return state;
    },
  );
}
