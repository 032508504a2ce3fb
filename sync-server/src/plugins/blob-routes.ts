import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorSchema } from '../auth/guards.ts';
import { authenticate } from '../auth/sessions.ts';
import { vietnamDay } from '../blobs/blob-ledger.ts';
import { type BlobRange, INLINE_TYPES, type InlineType } from '../blobs/blob-store.ts';
import type { ServerContext } from '../context.ts';
import type { Account } from '../storage/account-store.ts';
import { originAllowed } from './sync-socket.ts';

/** The same answer for a blob that is not stored, not yet uploaded, or not readable by the asker. */
export const BLOB_NOT_FOUND = { error: 'not_found', message: 'Không có tệp này, hoặc bạn không có quyền xem.' };
const UNAUTHENTICATED = { error: 'unauthenticated', message: 'Bạn cần đăng nhập trước.' };

/**
 * Every blob response's CSP: nothing runs, nothing loads but the image itself, and `sandbox`
 * makes the response a unique opaque origin even if a browser were tricked into rendering it
 * (docs/security.md). PDFs get it too: Chromium 156's PDF viewer opens a PDF served with
 * `sandbox`, top-level and in an iframe (checked with the Chromium the e2e tests use).
 */
export const BLOB_CSP = "default-src 'none'; img-src 'self' data: blob:; style-src 'unsafe-inline'; sandbox";

/** Characters never kept in a download's name: controls, path and shell punctuation, bidi overrides. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed.
const UNSAFE_NAME = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069/\\:*?"<>|]/g;

/** A name for `Content-Disposition` from `?name=`, since a blob has no name of its own. */
export function safeFileName(raw: unknown, fallback: string): string {
  const name = (typeof raw === 'string' ? raw : '')
    .normalize('NFC')
    .replace(UNSAFE_NAME, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 200);
  return name === '' ? fallback : name;
}

/** `attachment` or `inline`, with an ASCII fallback name and the real one (RFC 6266, RFC 8187). */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** One `bytes=` range within `size`; null to serve the whole blob, 'unsatisfiable' for a 416. */
export function parseRange(header: string | undefined, size: number): BlobRange | null | 'unsatisfiable' {
  if (header === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null; // several ranges or junk: the whole blob
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

const isInline = (type: string): type is InlineType => (INLINE_TYPES as readonly string[]).includes(type);

/** A blob's address. Not pattern-checked here: an unknown or malformed one is simply not found (404). */
const SHA_PARAMS = {
  type: 'object',
  required: ['sha256'],
  properties: { sha256: { type: 'string', description: 'lower-case hex SHA-256 of the bytes' } },
} as const;

/**
 * Attachment bytes for those who may read them (docs/design.md §13, docs/security.md):
 * `GET /api/blobs/:sha256`, `POST /api/blobs/:sha256/claim`, `GET /api/attachments/limits`.
 */
export async function blobRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const { blobs, ledger, access, maxFileBytes, maxBytesPerDay } = ctx.attachments;

  /** The signed-in account, or the reply already sent (403 for a foreign Origin, 401 without a session). */
  const signedIn = (request: FastifyRequest, reply: FastifyReply): Account | null => {
    if (!originAllowed(request, ctx.allowedOrigins)) {
      reply.code(403).send({ error: 'origin_not_allowed', message: 'Nguồn yêu cầu không được phép.' });
      return null;
    }
    const account = authenticate(request, ctx.accounts, ctx.now());
    if (!account) reply.code(401).send(UNAUTHENTICATED);
    return account;
  };

  app.get<{ Params: { sha256: string }; Querystring: { name?: string } }>(
    '/api/blobs/:sha256',
    {
      schema: {
        tags: ['attachments'],
        summary: 'Download an attachment by its SHA-256 (Range supported)',
        security: [{ session: [] }],
        params: SHA_PARAMS,
        querystring: {
          type: 'object',
          properties: { name: { type: 'string', maxLength: 255, description: 'file name for Content-Disposition' } },
        },
        response: { 401: errorSchema, 403: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const account = signedIn(request, reply);
      if (!account) return reply;
      const { sha256 } = request.params;
      if (!(await access.mayRead(account, sha256))) return reply.code(404).send(BLOB_NOT_FOUND);
      const info = await blobs.stat(sha256);
      if (!info) return reply.code(404).send(BLOB_NOT_FOUND);

      const inline = isInline(info.type);
      const name = safeFileName(request.query.name, `tep-${sha256.slice(0, 12)}`);
      reply
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=31536000, immutable')
        .header('etag', `"${sha256}"`)
        .header('cross-origin-resource-policy', 'same-origin')
        .header('content-security-policy', BLOB_CSP)
        .header('accept-ranges', 'bytes')
        .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', name))
        .type(inline ? info.type : 'application/octet-stream');
      if (request.headers['if-none-match'] === `"${sha256}"`) return reply.code(304).send();

      const range = parseRange(request.headers.range, info.size);
      if (range === 'unsatisfiable') {
        return reply.code(416).header('content-range', `bytes */${info.size}`).send();
      }
      const stream = await blobs.openRead(sha256, range ?? undefined);
      if (!stream) return reply.code(404).send(BLOB_NOT_FOUND);
      if (range) {
        reply
          .code(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${info.size}`)
          .header('content-length', String(range.end - range.start + 1));
      } else {
        reply.header('content-length', String(info.size));
      }
      return reply.send(stream);
    },
  );

  app.post<{ Params: { sha256: string } }>(
    '/api/blobs/:sha256/claim',
    {
      schema: {
        tags: ['attachments'],
        summary: 'Claim a stored attachment the person may read (no upload needed)',
        security: [{ session: [] }],
        params: SHA_PARAMS,
        response: { 204: { type: 'null' }, 401: errorSchema, 403: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const account = signedIn(request, reply);
      if (!account) return reply;
      const { sha256 } = request.params;
      if (!(await access.mayRead(account, sha256))) return reply.code(404).send(BLOB_NOT_FOUND);
      await ledger.claim(sha256, account.id, ctx.now());
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/attachments/limits',
    {
      schema: {
        tags: ['attachments'],
        summary: "The caps on one file and on a person's uploads per day, and what they used today",
        security: [{ session: [] }],
        response: {
          200: {
            type: 'object',
            required: ['maxFileBytes', 'maxBytesPerDay', 'usedToday'],
            properties: {
              maxFileBytes: { type: 'integer' },
              maxBytesPerDay: { type: 'integer' },
              usedToday: { type: 'integer' },
            },
          },
          401: errorSchema,
          403: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const account = signedIn(request, reply);
      if (!account) return reply;
      reply.header('cache-control', 'no-store');
      return { maxFileBytes, maxBytesPerDay, usedToday: ledger.usedOn(account.id, vietnamDay(ctx.now())) };
    },
  );
}
