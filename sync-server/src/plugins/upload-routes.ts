import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SHA256_HEX } from '@thongsuot/shared';
import { FileStore } from '@tus/file-store';
import { EVENTS, Server as TusServer } from '@tus/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate } from '../auth/sessions.ts';
import { vietnamDay } from '../blobs/blob-ledger.ts';
import { BlobHashMismatch } from '../blobs/blob-store.ts';
import type { ServerContext } from '../context.ts';
import type { Account } from '../storage/account-store.ts';
import { originAllowed } from './sync-socket.ts';

export const UPLOADS_PATH = '/api/uploads';
/** An upload left unfinished this long is deleted with its staged bytes (a phone may stay offline for days). */
export const UPLOAD_EXPIRY_MS = 7 * 24 * 60 * 60 * 1000;
const SWEEP_MS = 60 * 60 * 1000;
const TUS_VERSION = '1.0.0';

/** A size for people: "25 MB", "1 GB". */
export function sizeLabel(bytes: number): string {
  const gb = bytes / 1024 ** 3;
  if (gb >= 1) return `${Number.isInteger(gb) ? gb : gb.toFixed(1)} GB`;
  const mb = bytes / 1024 ** 2;
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

export const fileTooLarge = (max: number) => ({
  error: 'file_too_large',
  message: `Tệp lớn hơn giới hạn ${sizeLabel(max)}.`,
});
export const dayCapReached = (max: number) => ({
  error: 'daily_limit',
  message: `Bạn đã tải lên quá ${sizeLabel(max)} hôm nay; hãy thử lại vào ngày mai.`,
});
export const HASH_MISMATCH = {
  error: 'hash_mismatch',
  message: 'Nội dung tệp không khớp mã băm; hãy tải lên lại.',
};
const NOT_FOUND = { error: 'not_found', message: 'Không có lượt tải lên này.' };
const UNAUTHENTICATED = { error: 'unauthenticated', message: 'Bạn cần đăng nhập trước.' };
const STORE_FAILED = { error: 'storage_failed', message: 'Máy chủ chưa lưu được tệp; hãy tải lên lại.' };

/** The tus Upload-Metadata header: comma-separated `key base64value` pairs; null when malformed. */
export function parseUploadMetadata(header: string | undefined): Map<string, string> | null {
  const out = new Map<string, string>();
  if (header === undefined || header.trim() === '') return out;
  for (const pair of header.split(',')) {
    const [key, value, extra] = pair.trim().split(' ');
    if (!key || extra !== undefined || out.has(key)) return null;
    if (value !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return null;
    out.set(key, value === undefined ? '' : Buffer.from(value, 'base64').toString('utf8'));
  }
  return out;
}

/** What a creation request asks for, or why it is refused (status and body). */
function checkCreation(
  request: FastifyRequest,
  maxFileBytes: number,
): { sha256: string; size: number } | { status: number; body: { error: string; message: string } } {
  const bad = (message: string) => ({ status: 400, body: { error: 'bad_upload', message } });
  if (request.headers['upload-defer-length'] !== undefined || request.headers['upload-concat'] !== undefined) {
    return bad('Cần cho biết kích thước tệp ngay khi bắt đầu tải lên.');
  }
  const length = String(request.headers['upload-length'] ?? '');
  if (!/^\d{1,15}$/.test(length)) return bad('Cần cho biết kích thước tệp ngay khi bắt đầu tải lên.');
  const size = Number(length);
  const metadata = parseUploadMetadata(request.headers['upload-metadata'] as string | undefined);
  if (metadata === null) return bad('Thông tin kèm theo tệp không đúng định dạng.');
  const sha256 = metadata.get('sha256') ?? '';
  if (!SHA256_HEX.test(sha256)) return bad('Thiếu mã băm SHA-256 (64 ký tự hex) của tệp.');
  const filename = metadata.get('filename');
  if (!filename || filename.length > 255) return bad('Thiếu tên tệp.');
  const filetype = metadata.get('filetype');
  if (filetype === undefined || filetype.length > 127) return bad('Thiếu loại tệp.');
  if (size > maxFileBytes) return { status: 413, body: fileTooLarge(maxFileBytes) };
  return { sha256, size };
}

/** A tus refusal: tus writes `body` as the response text, which the client reads as JSON. */
const tusError = (status_code: number, body: object) => ({ status_code, body: JSON.stringify(body) });

/**
 * Resumable uploads (tus 1.0, `@tus/server` with `@tus/file-store` staging under `uploadDir`) at
 * /api/uploads/ (docs/design.md §13). Every request needs a live session and an allowed Origin;
 * an upload is its creator's (anyone else gets 404 on its URL). Creation must declare its length
 * (no deferred length) and carry `sha256`, `filename` and `filetype` metadata; the per-file and
 * per-day caps are checked then (413). The final PATCH is answered only once the bytes are in the
 * blob store — hash checked, fsynced — and the person holds the blob, so the client's success
 * means "durably stored and verified"; a mismatch answers 460 and stores nothing.
 */
export async function uploadRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const { blobs, ledger, uploadDir, maxFileBytes, maxBytesPerDay, locker } = ctx.attachments;
  const who = new AsyncLocalStorage<Account>();
  const datastore = new FileStore({ directory: uploadDir, expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS });
  /** The staged upload's tus record (`<id>.json`); its bytes have gone into the blob store or were deleted. */
  const forget = (id: string) => datastore.configstore.delete(id).catch(() => undefined);
  /** Uploads whose bytes are being moved into the blob store, until they are. */
  const finishes = new Map<string, Promise<void>>();

  const tus = new TusServer({
    path: UPLOADS_PATH,
    datastore,
    ...(locker ? { locker } : {}),
    relativeLocation: true,
    maxSize: maxFileBytes,
    // Same-origin needs no CORS; other origins only when configured (ALLOWED_ORIGINS).
    allowedOrigins: (origin) => ctx.allowedOrigins.includes(origin),
    disableTerminationForFinishedUploads: true,
    namingFunction: () => randomBytes(16).toString('hex'),
    onUploadCreate: async (_req, upload) => {
      const account = who.getStore();
      const sha256 = upload.metadata?.sha256 ?? '';
      // All checked before tus saw the request (`handle`); checked again rather than assumed.
      if (!account) throw tusError(401, UNAUTHENTICATED);
      if (upload.size === undefined || !SHA256_HEX.test(sha256)) {
        throw tusError(400, { error: 'bad_upload', message: 'Thiếu mã băm SHA-256 hoặc kích thước của tệp.' });
      }
      const record = { personId: account.id, sha256, size: upload.size };
      // Checked again here, with the count, in one transaction: concurrent creations cannot both pass.
      if (!(await ledger.startUpload(upload.id, record, ctx.now(), maxBytesPerDay))) {
        throw tusError(413, dayCapReached(maxBytesPerDay));
      }
      return {};
    },
    onUploadFinish: async (_req, upload) => {
      const finishing = finish(upload.id);
      finishes.set(upload.id, finishing);
      try {
        await finishing;
      } finally {
        finishes.delete(upload.id);
      }
      return {};
    },
  });

  /**
   * Moves a complete upload into the blob store. Any failure leaves nothing behind: no blob, no
   * staged bytes, no tus record, no upload on record — so a device asking again gets 404 and
   * starts over, and is never told "complete" for bytes that were not stored.
   */
  async function finish(id: string): Promise<void> {
    const record = ledger.upload(id);
    if (!record) throw tusError(404, NOT_FOUND);
    const staged = join(uploadDir, id);
    try {
      const put = await blobs.put(record.sha256, staged);
      await ledger.finishUpload(id, record, ctx.now(), put.deduplicated);
    } catch (error) {
      await ledger.dropUpload(id);
      await rm(staged, { force: true });
      if (error instanceof BlobHashMismatch) throw tusError(460, HASH_MISMATCH);
      app.log.error(error, 'storing an upload');
      throw tusError(500, STORE_FAILED);
    } finally {
      await forget(id);
    }
  }

  tus.on(EVENTS.POST_TERMINATE, (_req: unknown, _res: unknown, id: string) => {
    ledger.dropUpload(id).catch((error: unknown) => app.log.error(error, 'upload ledger'));
  });

  const sweep = setInterval(() => {
    tus.cleanUpExpiredUploads().catch((error) => app.log.error(error, 'expired uploads'));
    ledger.dropUploadsBefore(ctx.now() - UPLOAD_EXPIRY_MS).catch((error) => app.log.error(error, 'upload ledger'));
  }, SWEEP_MS);
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));

  // tus reads the body itself, streaming it to the staged file: Fastify must leave it unread.
  app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));

  const refuse = (reply: FastifyReply, status: number, body: object) =>
    reply.code(status).header('tus-resumable', TUS_VERSION).header('cache-control', 'no-store').send(body);

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!originAllowed(request, ctx.allowedOrigins)) {
      return refuse(reply, 403, { error: 'origin_not_allowed', message: 'Nguồn yêu cầu không được phép.' });
    }
    const account = authenticate(request, ctx.accounts, ctx.now());
    if (!account) return refuse(reply, 401, UNAUTHENTICATED);
    const method = request.method;
    // Stored bytes are read through /api/blobs, where access and headers are checked.
    if (method === 'GET') return refuse(reply, 405, { error: 'method_not_allowed', message: 'Không hỗ trợ.' });
    const path = request.url.split('?')[0] ?? '';
    const id = path.slice(UPLOADS_PATH.length).replace(/^\/+|\/+$/g, '');
    if (method === 'POST') {
      if (id !== '') return refuse(reply, 404, NOT_FOUND);
      const wanted = checkCreation(request, maxFileBytes);
      if ('status' in wanted) return refuse(reply, wanted.status, wanted.body);
      if (ledger.usedOn(account.id, vietnamDay(ctx.now())) + wanted.size > maxBytesPerDay) {
        return refuse(reply, 413, dayCapReached(maxBytesPerDay));
      }
    } else if (method !== 'OPTIONS') {
      // Somebody else's upload, or none: the same answer.
      if (ledger.upload(id)?.personId !== account.id) return refuse(reply, 404, NOT_FOUND);
      // Being stored right now: whoever asks waits for the outcome.
      await finishes.get(id)?.catch(() => undefined);
      const record = ledger.upload(id);
      if (!record) return refuse(reply, 404, NOT_FOUND);
      if (record.finishedAt != null) {
        // Stored and hash checked: complete, whatever the device missed of the final answer.
        if (method !== 'HEAD') return refuse(reply, 404, NOT_FOUND);
        return reply
          .code(200)
          .header('tus-resumable', TUS_VERSION)
          .header('cache-control', 'no-store')
          .header('upload-offset', String(record.size))
          .header('upload-length', String(record.size))
          .send();
      }
    }
    reply.hijack();
    await who.run(account, () => tus.handle(request.raw, reply.raw));
  };
  const schema = {
    tags: ['attachments'],
    summary: 'Resumable uploads (tus 1.0.0: creation, HEAD offset, PATCH chunks)',
    description:
      'Upload-Metadata carries the sha256 of the whole file; the relay checks it before storing. Requires a session.',
    security: [{ session: [] }],
    hide: false,
  };
  app.all(UPLOADS_PATH, { schema }, handle);
  app.all(`${UPLOADS_PATH}/*`, { schema }, handle);
}
