import { randomBytes } from 'node:crypto';
import {
  type AttachmentRef,
  appendToLog,
  createTask,
  messagePeriod,
  removeConversationMember,
  syncUpdate,
} from '@thongsuot/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { SAMPLES } from '../blobs/blob-store.contract.ts';
import { changeOf, newConversation } from '../testing/fixtures.ts';
import type { TestPeer } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';
import { sha256Hex, tusUpload } from '../testing/tus-upload.ts';
import { BLOB_CSP, BLOB_NOT_FOUND, contentDisposition, parseRange, safeFileName } from './blob-routes.ts';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

const AT = 1_700_000_000_000;
let ref = 1;
let seq = 0;

const attachment = (sha256: string, name = 'bien-ban.pdf'): AttachmentRef => ({
  id: `f${++seq}`,
  name,
  mimeType: 'application/pdf',
  size: 1000,
  sha256,
});

/** Sends a write and waits for its ack. */
async function write(peer: TestPeer, docId: string, update: Uint8Array): Promise<void> {
  const mine = ref++;
  peer.send({ type: 'sync', docId, ref: mine, payload: syncUpdate(update) });
  expect(await peer.verdict(mine), `writing ${docId}`).toMatchObject({ type: 'ack' });
}

describe('who may read a blob, and how it is served (docs/design.md §13, docs/security.md)', () => {
  let server: TestServer;
  const cookies = new Map<string, string>();
  const peers: TestPeer[] = [];
  beforeAll(async () => {
    server = await new TestServer().start();
    for (const name of ['vanphong', 'benthanh', 'saigon', 'cangio']) cookies.set(name, await server.signIn(name));
  });
  afterAll(async () => {
    for (const p of peers) p.close();
    // A response whose last bytes the client already has may still be finishing on the server,
    // and its keep-alive connection would hold the close for the client's idle timeout.
    server.app.server.server.closeAllConnections();
    await server.stop();
  });

  const cookie = (name: string) => cookies.get(name) ?? '';
  const peer = async (name: string) => {
    const p = await server.peer(name);
    peers.push(p);
    return p;
  };
  const get = (name: string, sha: string, query = '', headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/blobs/${sha}${query}`, { headers: { cookie: cookie(name), ...headers } });
  /** The status alone; the body is read, so no response is left open when the server stops. */
  const statusOf = async (name: string, sha: string, query = '', headers: Record<string, string> = {}) => {
    const response = await get(name, sha, query, headers);
    await response.arrayBuffer();
    return response.status;
  };
  const claim = (name: string, sha: string) =>
    fetch(`${server.url}/api/blobs/${sha}/claim`, { method: 'POST', headers: { cookie: cookie(name) } });
  async function upload(name: string, content: Buffer, filetype = 'application/octet-stream'): Promise<string> {
    const outcome = await tusUpload(server.url, cookie(name), content, { filetype }).done;
    expect(outcome.ok).toBe(true);
    return sha256Hex(content);
  }
  async function expectHidden(name: string, sha: string): Promise<void> {
    const response = await get(name, sha);
    expect(response.status, `${name} reading ${sha.slice(0, 8)}`).toBe(404);
    expect(await response.json()).toEqual(BLOB_NOT_FOUND);
  }

  it('lets the readers of a doc whose reference the uploader wrote read it, and nobody else; claims need access', async () => {
    const sha = await upload('vanphong', randomBytes(40_000));
    const office = await peer('vanphong');
    const task = new Y.Doc();
    createTask(task, {
      id: 'bt1',
      title: 'Báo cáo kèm biên bản',
      issuerId: 'u-vanphong',
      issuerUnitId: 'vp-ubnd',
      deadline: '2026-12-01',
      recipients: [{ id: 'phuong-ben-thanh', kind: 'unit' }],
      at: AT,
      attachments: [attachment(sha)],
    });
    // Before the reference exists, the recipient cannot read it.
    await expectHidden('benthanh', sha);
    await write(office, 'task/bt1', Y.encodeStateAsUpdate(task));
    expect(await server.app.context.docs.blobRefs(sha)).toEqual([{ docId: 'task/bt1', authorId: 'u-vanphong' }]);

    expect(await statusOf('vanphong', sha)).toBe(200);
    expect(await statusOf('benthanh', sha)).toBe(200);
    await expectHidden('saigon', sha);
    // A hash nobody uploaded, and garbage: the very same answer.
    await expectHidden('saigon', sha256Hex(randomBytes(4)));
    await expectHidden('saigon', 'not-a-hash');

    // Claims: only with access. The claim makes benthanh a holder, whose own references now grant.
    expect((await claim('saigon', sha)).status).toBe(404);
    expect((await claim('saigon', sha256Hex(randomBytes(4)))).status).toBe(404);
    expect((await claim('benthanh', sha)).status).toBe(204);
    const ward = await peer('benthanh');
    const conv = newConversation('fw1', 'u-benthanh', ['u-benthanh', 'u-cangio']);
    await write(ward, 'conv/fw1', Y.encodeStateAsUpdate(conv));
    const log = new Y.Doc();
    await write(
      ward,
      `convlog/fw1_${messagePeriod(AT)}`,
      changeOf(log, (d) =>
        appendToLog(d, 'fw1', {
          id: 'm1',
          by: 'u-benthanh',
          at: AT,
          text: 'Chuyển tiếp',
          attachments: [attachment(sha)],
        }),
      ),
    );
    expect(await statusOf('cangio', sha)).toBe(200);
  });

  it('grants nothing through a reference whose author never held the bytes', async () => {
    const secret = await upload('benthanh', randomBytes(30_000));
    const forger = await peer('saigon');
    const conv = newConversation('forged1', 'u-saigon', ['u-saigon', 'u-cangio']);
    await write(forger, 'conv/forged1', Y.encodeStateAsUpdate(conv));
    const log = new Y.Doc();
    // The write is accepted (a hash is just text), and recorded; it proves nothing.
    await write(
      forger,
      `convlog/forged1_${messagePeriod(AT)}`,
      changeOf(log, (d) =>
        appendToLog(d, 'forged1', { id: 'm1', by: 'u-saigon', at: AT, text: 'Xem', attachments: [attachment(secret)] }),
      ),
    );
    expect(await server.app.context.docs.blobRefs(secret)).toEqual([
      { docId: `convlog/forged1_${messagePeriod(AT)}`, authorId: 'u-saigon' },
    ]);
    await expectHidden('saigon', secret);
    await expectHidden('cangio', secret);
    expect((await claim('saigon', secret)).status).toBe(404);
    expect(await statusOf('benthanh', secret)).toBe(200);
  });

  it('takes the blob away from a member removed from the conversation', async () => {
    const sha = await upload('vanphong', randomBytes(20_000));
    const office = await peer('vanphong');
    const conv = newConversation('rm1', 'u-vanphong', ['u-vanphong', 'u-benthanh']);
    await write(office, 'conv/rm1', Y.encodeStateAsUpdate(conv));
    const log = new Y.Doc();
    await write(
      office,
      `convlog/rm1_${messagePeriod(AT)}`,
      changeOf(log, (d) =>
        appendToLog(d, 'rm1', { id: 'm1', by: 'u-vanphong', at: AT, text: 'Tài liệu', attachments: [attachment(sha)] }),
      ),
    );
    expect(await statusOf('benthanh', sha)).toBe(200);
    await write(
      office,
      'conv/rm1',
      changeOf(conv, (d) => removeConversationMember(d, 'u-benthanh', 'u-vanphong', AT + 1000)),
    );
    await expectHidden('benthanh', sha);
    expect((await claim('benthanh', sha)).status).toBe(404);
  });

  it('serves HTML and SVG only as downloads, and images and PDFs inline by their sniffed type', async () => {
    const html = await upload('vanphong', Buffer.from(SAMPLES.html), 'text/html');
    const svg = await upload('vanphong', Buffer.from(SAMPLES.svg), 'image/svg+xml');
    const png = await upload('vanphong', Buffer.from(SAMPLES.png), 'text/html');
    const pdf = await upload('vanphong', Buffer.from(SAMPLES.pdf), 'text/html');

    for (const sha of [html, svg]) {
      const response = await get('vanphong', sha, `?name=${encodeURIComponent('Báo cáo "quý" 3/<x>.html')}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="Bao cao _quy_ 3__x_.html"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20_qu%C3%BD_%203__x_.html`,
      );
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toBe(BLOB_CSP);
      expect(BLOB_CSP).toMatch(/; sandbox$/);
      expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(response.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      expect(response.headers.get('etag')).toBe(`"${sha}"`);
      await response.arrayBuffer();
    }

    const image = await get('vanphong', png);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('content-disposition')).toMatch(/^inline; /);
    expect(image.headers.get('content-security-policy')).toBe(BLOB_CSP);
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.compare(Buffer.from(await image.arrayBuffer()), Buffer.from(SAMPLES.png))).toBe(0);

    const document = await get('vanphong', pdf, '?name=bien-ban.pdf');
    expect(document.headers.get('content-type')).toBe('application/pdf');
    expect(document.headers.get('content-disposition')).toBe(
      `inline; filename="bien-ban.pdf"; filename*=UTF-8''bien-ban.pdf`,
    );
    expect(document.headers.get('content-security-policy')).toBe(BLOB_CSP);
    await document.arrayBuffer();

    // Ranges (the PDF viewer asks for them) and revalidation.
    const part = await get('vanphong', pdf, '', { range: 'bytes=5-9' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 5-9/${SAMPLES.pdf.length}`);
    expect(Buffer.from(await part.arrayBuffer()).toString('latin1')).toBe('1.7\n%');
    expect(await statusOf('vanphong', pdf, '', { range: `bytes=${SAMPLES.pdf.length}-` })).toBe(416);
    expect(await statusOf('vanphong', pdf, '', { 'if-none-match': `"${pdf}"` })).toBe(304);
    const head = await server.app.server.inject({
      method: 'HEAD',
      url: `/api/blobs/${pdf}`,
      headers: { cookie: cookie('vanphong') },
    });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(SAMPLES.pdf.length));
    expect(head.body).toBe('');
    expect(await statusOf('', pdf)).toBe(401);
  });

  it('builds download names and ranges safely', () => {
    expect(safeFileName('../../etc/passwd', 'x')).toBe('_.._etc_passwd');
    expect(safeFileName('evil\u202Egnp.exe', 'x')).toBe('evil_gnp.exe');
    expect(safeFileName('', 'tep-abc')).toBe('tep-abc');
    expect(safeFileName(['a', 'b'], 'tep-abc')).toBe('tep-abc');
    expect(contentDisposition('attachment', 'Đơn đề nghị (1).docx')).toBe(
      `attachment; filename="Don de nghi (1).docx"; filename*=UTF-8''%C4%90%C6%A1n%20%C4%91%E1%BB%81%20ngh%E1%BB%8B%20%281%29.docx`,
    );
    expect(parseRange('bytes=0-', 10)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=2-100', 10)).toEqual({ start: 2, end: 9 });
    expect(parseRange('bytes=0-1,4-5', 10)).toBeNull();
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseRange(undefined, 10)).toBeNull();
  });
});
