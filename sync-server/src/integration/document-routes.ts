import {
  CONFIDENTIALITY,
  DOC_TYPES,
  type Dossier,
  DossierFactsSchema,
  type NewIncoming,
  readDossier,
  URGENCIES,
} from '@thongsuot/shared';
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import * as v from 'valibot';
import { errorSchema, sendError } from '../auth/guards.ts';
import type { ServerContext } from '../context.ts';
import { apiResponses, idempotencyHeaders, keyedResponses } from './api-answers.ts';
import { callerOf, forTokenUnit, personOf } from './api-guard.ts';
import type { ApiScope } from './api-tokens.ts';
import type { IdempotencyStore } from './idempotency.ts';
import { keyedRequest } from './keyed-request.ts';
import { readDoc, writeIncoming } from './write-docs.ts';

type Facts = Omit<NewIncoming, 'id' | 'unitId' | 'by' | 'at' | 'files' | 'origin'>;
interface IncomingBody extends Facts {
  unitId?: string;
  named?: string[];
  externalRef?: string;
}

const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
/** How long registering waits for the registrar's number before answering without it. */
const NUMBER_WAIT_MS = 1_000;

const incomingBody = {
  type: 'object',
  required: ['issuingBody', 'numberSymbol', 'date', 'summary'],
  additionalProperties: false,
  properties: {
    unitId: {
      ...ID,
      description: 'the unit whose incoming register (sổ văn bản đến) it goes in; default the acting person’s',
    },
    issuingBody: { type: 'string', minLength: 1, maxLength: 300, description: 'cơ quan ban hành' },
    numberSymbol: { type: 'string', minLength: 1, maxLength: 60, description: 'số, ký hiệu, e.g. 125/QĐ-UBND' },
    date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'ngày ban hành, YYYY-MM-DD' },
    docType: { type: 'string', enum: DOC_TYPES, default: 'cong_van' },
    urgency: { type: 'string', enum: URGENCIES, default: 'thuong' },
    confidentiality: { type: 'string', enum: CONFIDENTIALITY, default: 'thuong' },
    summary: { type: 'string', minLength: 1, maxLength: 2_000, description: 'trích yếu' },
    named: {
      type: 'array',
      maxItems: 200,
      uniqueItems: true,
      items: ID,
      description: 'a confidential document only: the unit’s people who may read it besides the clerk',
    },
    externalRef: { type: 'string', minLength: 1, maxLength: 200 },
  },
  examples: [
    {
      issuingBody: 'Văn phòng Chính phủ',
      numberSymbol: '1234/VPCP-KGVX',
      date: '2026-11-28',
      docType: 'cong_van',
      urgency: 'khan',
      summary: 'V/v triển khai kế hoạch phòng, chống ngập úng mùa mưa năm 2026',
      externalRef: 'QLVB-DEN-2026-004567',
    },
  ],
} as const;

const registered = {
  type: 'object',
  required: ['documentId', 'docId', 'number', 'year', 'externalRef'],
  properties: {
    documentId: { type: 'string' },
    docId: { type: 'string' },
    number: { type: ['integer', 'null'], description: 'số đến, once the relay has given it' },
    year: { type: ['integer', 'null'] },
    externalRef: { type: ['string', 'null'] },
  },
  examples: [{ documentId: 'a1b2c3', docId: 'dossier/a1b2c3', number: 57, year: 2026, externalRef: null }],
} as const;

const documentView = {
  type: 'object',
  required: ['documentId', 'docId', 'unitId', 'status', 'number', 'register', 'facts', 'instruction'],
  properties: {
    documentId: { type: 'string' },
    docId: { type: 'string' },
    unitId: { type: 'string' },
    status: {
      type: 'string',
      enum: ['awaiting_number', 'registered', 'instructed', 'for_information'],
      description: 'chờ cấp số, đã vào sổ, đã có ý kiến chỉ đạo (giao việc), để biết',
    },
    number: { type: ['integer', 'null'] },
    register: {
      type: ['object', 'null'],
      properties: {
        register: { type: 'string' },
        year: { type: 'integer' },
        number: { type: 'integer' },
        at: { type: 'integer', description: 'when the relay gave the number' },
        duplicateOf: { type: 'string', description: 'a document already registered with the same issuer and number' },
      },
    },
    facts: {
      type: 'object',
      properties: {
        issuingBody: { type: 'string' },
        numberSymbol: { type: 'string' },
        date: { type: 'string' },
        docType: { type: 'string' },
        urgency: { type: 'string' },
        confidentiality: { type: 'string' },
        summary: { type: 'string' },
      },
    },
    instruction: {
      type: ['object', 'null'],
      properties: {
        by: { type: 'string' },
        at: { type: 'integer' },
        text: { type: 'string' },
        deadline: { type: 'string' },
        taskId: { type: 'string', description: 'the task it created' },
      },
    },
  },
} as const;

function statusOf(d: Dossier): string {
  if (d.instruction) return 'instructed';
  if (d.information) return 'for_information';
  return d.register ? 'registered' : 'awaiting_number';
}

/**
 * Incoming official documents from the integration API: POST registers one in its unit's
 * incoming register in the acting clerk's name, as the app's form does (the relay's rule: only the
 * unit's clerk); the registrar gives its number, waited for briefly. GET says where it stands.
 */
export async function documentRoutes(
  app: FastifyInstance,
  o: {
    ctx: ServerContext;
    keys: IdempotencyStore;
    guard: (scope: ApiScope, action: string) => onRequestAsyncHookHandler;
  },
) {
  const { ctx, keys } = o;

  app.post<{ Body: IncomingBody }>(
    '/api/v1/documents/incoming',
    {
      onRequest: o.guard('documents:register', 'documents.register'),
      schema: {
        tags: ['integration'],
        summary: 'Register an incoming official document',
        description:
          'Vào sổ văn bản đến của đơn vị, nhân danh văn thư đứng tên khóa API. Số đến do máy chủ cấp: có ngay trong câu trả lời nếu kịp, nếu không thì number là null và GET /api/v1/documents/{id} cho biết sau. Bắt buộc có Idempotency-Key.',
        security: [{ apiToken: [] }],
        headers: idempotencyHeaders,
        body: incomingBody,
        response: {
          201: { ...registered, description: 'Created' },
          200: {
            ...registered,
            description: 'The first answer to this Idempotency-Key again (Idempotent-Replayed: true)',
          },
          ...keyedResponses,
        },
      },
    },
    async (request, reply) => {
      const { acting } = callerOf(request);
      const { unitId = acting.unitId, named, externalRef, ...rest } = request.body;
      if (!forTokenUnit(request, reply, unitId)) return reply;
      const facts = v.safeParse(DossierFactsSchema, rest);
      if (!facts.success) {
        const what = facts.issues.map((i) => `${v.getDotPath(i) ?? ''}: ${i.message}`).join('; ');
        return sendError(reply, 400, 'invalid_request', `Thông tin văn bản không hợp lệ (${what}).`);
      }
      if (named?.length && facts.output.confidentiality === 'thuong') {
        return sendError(reply, 400, 'invalid_request', 'Chỉ văn bản mật mới ghi danh sách người được đọc.');
      }
      const unknown = (named ?? []).filter((id) => ctx.accounts.byId(id)?.unitId !== unitId);
      if (unknown.length > 0) {
        return sendError(reply, 400, 'invalid_request', `Không phải người của đơn vị: ${unknown.join(', ')}.`);
      }
      const audit = request.apiAudit;
      if (audit) audit.detail = { key: request.headers['idempotency-key'], externalRef: externalRef ?? null };
      return keyedRequest(keys, request, reply, async (id) => {
        const docId = `dossier/${id}`;
        const written = await writeIncoming(ctx, acting, {
          ...facts.output,
          id,
          unitId,
          by: acting.id,
          at: ctx.now(),
          ...(named?.length ? { named } : {}),
        });
        if (!written.ok) return written;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          ctx.registrar.idle(),
          new Promise((resolve) => {
            timer = setTimeout(resolve, NUMBER_WAIT_MS);
          }),
        ]);
        clearTimeout(timer);
        const row = await ctx.registrar.numberOf(docId);
        return {
          ok: true,
          response: {
            documentId: id,
            docId,
            number: row?.number ?? null,
            year: row?.number ? row.year : null,
            externalRef: externalRef ?? null,
          },
        };
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/documents/:id',
    {
      onRequest: o.guard('documents:register', 'documents.read'),
      schema: {
        tags: ['integration'],
        summary: 'An incoming document’s register number and status',
        description: 'Số đến (khi máy chủ đã cấp) và tình trạng xử lý của văn bản đến đã vào sổ.',
        security: [{ apiToken: [] }],
        params: { type: 'object', required: ['id'], additionalProperties: false, properties: { id: ID } },
        response: { 200: documentView, 404: errorSchema, ...apiResponses },
      },
    },
    async (request, reply) => {
      const { acting } = callerOf(request);
      const docId = `dossier/${request.params.id}`;
      if (request.apiAudit) request.apiAudit.docId = docId;
      const notFound = () =>
        sendError(reply, 404, 'not_found', 'Không có văn bản này, hoặc khóa API không được đọc nó.');
      if (!(await ctx.hub.canRead(personOf(acting), docId))) return notFound();
      const doc = await readDoc(ctx, docId);
      const dossier = doc ? readDossier(doc) : null;
      doc?.destroy();
      if (dossier?.kind !== 'incoming') return notFound();
      if (!forTokenUnit(request, reply, dossier.unitId)) return reply;
      const { issuingBody, numberSymbol, date, docType, urgency, confidentiality, summary } = dossier;
      return {
        documentId: dossier.id,
        docId,
        unitId: dossier.unitId,
        status: statusOf(dossier),
        number: dossier.register?.number ?? null,
        register: dossier.register,
        facts: { issuingBody, numberSymbol, date, docType, urgency, confidentiality, summary },
        instruction: dossier.instruction
          ? {
              by: dossier.instruction.by,
              at: dossier.instruction.at,
              text: dossier.instruction.text,
              deadline: dossier.instruction.deadline,
              taskId: dossier.instruction.taskId,
            }
          : null,
      };
    },
  );
}
