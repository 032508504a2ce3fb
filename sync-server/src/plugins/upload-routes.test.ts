import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ATTACHMENT_LIMITS } from '@thongsuot/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../storage/sqlite-database.ts';
import { TestServer } from '../testing/test-server.ts';
import { sha256Hex, tusUpload } from '../testing/tus-upload.ts';
import { dayCapReached, fileTooLarge, HASH_MISMATCH, parseUploadMetadata } from './upload-routes.ts';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

const MB = 1024 * 1024;

/** Every file under `dir`, recursively, relative to it. */
function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
  } catch {
    return [];
  }
}

function count(server: TestServer, sql: string, ...params: unknown[]): number {
  const db = openDatabase(server.databasePath);
  try {
    return db
      .prepare(sql)
      .pluck()
      .get(...params) as number;
  } finally {
    db.close();
  }
}

const tusHeaders = (cookie: string, extra: Record<string, string> = {}) => ({
  cookie,
  'tus-resumable': '1.0.0',
  ...extra,
});

const meta = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');

describe('resumable uploads into the blob store (docs/design.md §13)', () => {
  let server: TestServer;
  let office = '';
  let ward = '';
  beforeAll(async () => {
    server = await new TestServer({ attachmentBytesPerDay: 30 * MB }).start();
    office = await server.signIn('vanphong');
    ward = await server.signIn('benthanh');
  });
  afterAll(async () => {
    // A response whose last bytes the client already has may still be finishing on the server,
    // and its keep-alive connection would hold the close for the client's idle timeout.
    server.app.server.server.closeAllConnections();
    await server.stop();
  });

  const blobsDir = () => join(server.dir, 'blobs');
  const uploadsDir = () => join(server.dir, 'uploads');
  const get = (cookie: string, sha: string) =>
    fetch(`${server.url}/api/blobs/${sha}`, { headers: cookie ? { cookie } : {} });
  /** The status alone; the body is read, so no response is left open when the server stops. */
  const statusOf = async (cookie: string, sha: string) => {
    const response = await get(cookie, sha);
    await response.arrayBuffer();
    return response.status;
  };

  it('stores an upload durably under its hash and serves the identical bytes to its uploader', async () => {
    const content = randomBytes(3 * MB + 17);
    const sha = sha256Hex(content);
    const outcome = await tusUpload(server.url, office, content, { chunkSize: MB }).done;
    expect(outcome).toMatchObject({ ok: true, status: 204 });

    const response = await get(office, sha);
    expect(response.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await response.arrayBuffer()), content)).toBe(0);
    expect(filesUnder(blobsDir())).toEqual([join(sha.slice(0, 2), sha.slice(2, 4), sha)]);
    expect(filesUnder(uploadsDir())).toEqual([]);
    expect(count(server, 'SELECT COUNT(*) FROM blob_holders WHERE sha256 = ?', sha)).toBe(1);
    expect(
      count(server, "SELECT COUNT(*) FROM audit_log WHERE action = 'blob.stored' AND actor_id = 'u-vanphong'"),
    ).toBe(1);
    // Someone else (with no doc naming it) gets the same 404 as for a hash nobody uploaded.
    const other = await get(ward, sha);
    const none = await get(ward, sha256Hex(randomBytes(8)));
    expect(other.status).toBe(404);
    expect(none.status).toBe(404);
    expect(await other.text()).toBe(await none.text());
    expect(await statusOf('', sha)).toBe(401);
  });

  it('refuses content that does not match its hash, and leaves nothing stored', async () => {
    const content = randomBytes(600_000);
    const claimed = sha256Hex(randomBytes(32));
    const before = filesUnder(blobsDir());
    const outcome = await tusUpload(server.url, office, content, { sha256: claimed }).done;
    expect(outcome).toMatchObject({ ok: false, status: 460 });
    // Asked again, the upload is gone: the device starts over instead of taking it for stored.
    const path = new URL(outcome.url ?? '', server.url).pathname;
    expect(path).toMatch(/^\/api\/uploads\/[0-9a-f]{32}$/);
    const head = await server.app.server.inject({ method: 'HEAD', url: path, headers: tusHeaders(office) });
    expect(head.statusCode).toBe(404);
    expect(JSON.parse(outcome.ok ? '{}' : outcome.body)).toEqual(HASH_MISMATCH);
    expect(HASH_MISMATCH.message).toBe('Nội dung tệp không khớp mã băm; hãy tải lên lại.');
    expect(filesUnder(blobsDir())).toEqual(before);
    expect(filesUnder(uploadsDir())).toEqual([]);
    expect(count(server, 'SELECT COUNT(*) FROM blobs WHERE sha256 IN (?, ?)', claimed, sha256Hex(content))).toBe(0);
    expect(await statusOf(office, claimed)).toBe(404);
    expect(await statusOf(office, sha256Hex(content))).toBe(404);
  });

  it('answers 413 with a Vietnamese message past the per-file and the per-day caps', async () => {
    const tooBig = await server.app.server.inject({
      method: 'POST',
      url: '/api/uploads/',
      headers: tusHeaders(office, {
        'upload-length': String(ATTACHMENT_LIMITS.maxFileBytes + 1),
        'upload-metadata': meta({ sha256: 'a'.repeat(64), filename: 'lon.pdf', filetype: 'application/pdf' }),
      }),
    });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json()).toEqual({ error: 'file_too_large', message: 'Tệp lớn hơn giới hạn 25 MB.' });
    expect(dayCapReached(ATTACHMENT_LIMITS.maxBytesPerDay).message).toBe(
      'Bạn đã tải lên quá 1 GB hôm nay; hãy thử lại vào ngày mai.',
    );
    expect(fileTooLarge(ATTACHMENT_LIMITS.maxFileBytes).message).toBe('Tệp lớn hơn giới hạn 25 MB.');

    // This server allows 30 MB a day: 12 + 12 pass, the next 12 does not (tus-js-client sees the 413).
    const person = await server.signIn('saigon');
    for (let i = 0; i < 2; i++) {
      expect((await tusUpload(server.url, person, randomBytes(12 * MB)).done).ok).toBe(true);
    }
    const refused = await tusUpload(server.url, person, randomBytes(12 * MB)).done;
    expect(refused).toMatchObject({ ok: false, status: 413 });
    expect(JSON.parse(refused.ok ? '{}' : refused.body)).toEqual({
      error: 'daily_limit',
      message: 'Bạn đã tải lên quá 30 MB hôm nay; hãy thử lại vào ngày mai.',
    });
    const limits = await fetch(`${server.url}/api/attachments/limits`, { headers: { cookie: person } });
    expect(await limits.json()).toEqual({
      maxFileBytes: ATTACHMENT_LIMITS.maxFileBytes,
      maxBytesPerDay: 30 * MB,
      usedToday: 24 * MB,
    });
  });

  it('requires a declared length and the sha256, filename and filetype metadata', async () => {
    const post = (headers: Record<string, string>) =>
      server.app.server.inject({ method: 'POST', url: '/api/uploads/', headers: tusHeaders(office, headers) });
    const good = { sha256: 'b'.repeat(64), filename: 'a.txt', filetype: 'text/plain' };
    expect((await post({ 'upload-defer-length': '1', 'upload-metadata': meta(good) })).statusCode).toBe(400);
    expect(
      (await post({ 'upload-length': '10', 'upload-metadata': meta({ ...good, sha256: 'xyz' }) })).statusCode,
    ).toBe(400);
    const { filename: _, ...noName } = good;
    expect((await post({ 'upload-length': '10', 'upload-metadata': meta(noName) })).statusCode).toBe(400);
    const { filetype: __, ...noType } = good;
    const refused = await post({ 'upload-length': '10', 'upload-metadata': meta(noType) });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toBe('Thiếu loại tệp.');
    expect(parseUploadMetadata('sha256 YWJj,filename')).toEqual(
      new Map([
        ['sha256', 'abc'],
        ['filename', ''],
      ]),
    );
    expect(parseUploadMetadata('a b c')).toBeNull();
  });

  it("gives nobody but its creator an upload's URL, and no one without a live session", async () => {
    const content = randomBytes(2 * MB);
    let url = '';
    tusUpload(server.url, office, content, {
      chunkSize: MB / 2,
      onChunk: (upload) => {
        if (url) return;
        url = upload.url ?? '';
        void upload.abort(false);
      },
    });
    await vi.waitFor(() => expect(url).not.toBe(''));
    const path = new URL(url, server.url).pathname;
    const head = (cookie: string) =>
      server.app.server.inject({ method: 'HEAD', url: path, headers: tusHeaders(cookie) });
    const own = await head(office);
    expect(own.statusCode, `${path} ${own.body}`).toBe(200);
    expect((await head(ward)).statusCode).toBe(404);
    const patch = await server.app.server.inject({
      method: 'PATCH',
      url: path,
      headers: tusHeaders(ward, {
        'upload-offset': (await head(office)).headers['upload-offset'] as string,
        'content-type': 'application/offset+octet-stream',
      }),
      payload: Buffer.alloc(10),
    });
    expect(patch.statusCode).toBe(404);
    expect((await head('')).statusCode).toBe(401);
    // A signed-out session is refused at once.
    const gone = await server.signIn('vanphong');
    await server.app.server.inject({ method: 'DELETE', url: '/api/session', headers: { cookie: gone } });
    expect((await head(gone)).statusCode).toBe(401);
    // A foreign page cannot drive it.
    expect(
      (
        await server.app.server.inject({
          method: 'HEAD',
          url: path,
          headers: tusHeaders(office, { origin: 'https://evil.example' }),
        })
      ).statusCode,
    ).toBe(403);
    // The creator finishes it.
    expect((await tusUpload(server.url, office, content, { uploadUrl: url }).done).ok).toBe(true);
  });

  it('resumes an upload cut off midway from the offset the server kept, and stores it once', async () => {
    const content = randomBytes(8 * MB + 5);
    const sha = sha256Hex(content);
    let cut = false;
    const first = tusUpload(server.url, ward, content, {
      chunkSize: MB,
      onChunk: (upload, accepted, total) => {
        if (!cut && accepted >= total / 2) {
          cut = true;
          void upload.abort(false);
        }
      },
    });
    await vi.waitFor(() => expect(cut).toBe(true));
    const url = first.upload.url ?? '';
    const head = await fetch(new URL(url, server.url), { method: 'HEAD', headers: tusHeaders(ward) });
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBeGreaterThanOrEqual(4 * MB);
    expect(offset).toBeLessThan(content.length);
    expect(await statusOf(ward, sha)).toBe(404);

    let resumedFrom = -1;
    const resumed = await tusUpload(server.url, ward, content, {
      uploadUrl: url,
      chunkSize: MB,
      onChunk: (_u, accepted) => {
        if (resumedFrom < 0) resumedFrom = accepted;
      },
    }).done;
    expect(resumed).toMatchObject({ ok: true, status: 204 });
    expect(resumedFrom).toBe(offset + MB);
    // A device that lost the final answer and asks again is told the upload is complete.
    const again = await fetch(new URL(url, server.url), { method: 'HEAD', headers: tusHeaders(ward) });
    expect(again.status).toBe(200);
    expect(again.headers.get('upload-offset')).toBe(String(content.length));
    expect(again.headers.get('upload-length')).toBe(String(content.length));
    const response = await get(ward, sha);
    expect(sha256Hex(Buffer.from(await response.arrayBuffer()))).toBe(sha);

    // The same person uploading it again, and another person: deduplicated, both hold it.
    expect((await tusUpload(server.url, ward, content).done).ok).toBe(true);
    expect((await tusUpload(server.url, office, content).done).ok).toBe(true);
    expect(await statusOf(office, sha)).toBe(200);
    expect(filesUnder(blobsDir()).filter((f) => f.endsWith(sha))).toHaveLength(1);
    expect(count(server, 'SELECT COUNT(*) FROM blobs WHERE sha256 = ?', sha)).toBe(1);
    expect(count(server, 'SELECT COUNT(*) FROM blob_holders WHERE sha256 = ?', sha)).toBe(2);
    expect(filesUnder(uploadsDir())).toEqual([]);
  });
});
