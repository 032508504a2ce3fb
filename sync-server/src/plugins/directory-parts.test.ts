import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { decodeDirectoryBundle, patchDirectoryPerson, syncUpdate } from '@thongsuot/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PART_RAW_BYTES } from '../directory/directory-parts.ts';
import { isAck } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';

interface Index {
  parts: { id: string; units: string[] }[];
}

describe('the directory in parts, for a new device on a weak link', () => {
  let server: TestServer;
  let cookie: string;
  const get = (url: string, headers: Record<string, string> = {}) =>
    server.app.server.inject({ url, headers: { cookie, ...headers } });
  const docIds = (payload: Buffer, encoding: string | undefined): string[] => {
    const raw = encoding === 'br' ? brotliDecompressSync(payload) : encoding === 'gzip' ? gunzipSync(payload) : payload;
    return decodeDirectoryBundle(new Uint8Array(raw)).map((d) => d.docId);
  };

  beforeAll(async () => {
    server = await new TestServer({ seedDirectory: true }).start();
    cookie = await server.signIn('benthanh.cv');
  });
  afterAll(async () => {
    await server.stop();
  });

  it("sends the leadership and the person's own unit first, in the best encoding the device accepts", async () => {
    const mine = await get('/api/directory/parts/mine', { 'accept-encoding': 'gzip, deflate, br' });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-encoding']).toBe('br');
    const ids = docIds(mine.rawPayload, 'br');
    expect(ids).toContain('unit/phuong-ben-thanh');
    expect(ids).toContain('unit/ubnd-tp');
    // Small: the leadership and one ward, not the city.
    expect(ids.length).toBeLessThan(6);
    const gzipped = await get('/api/directory/parts/mine', { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(docIds(gzipped.rawPayload, 'gzip')).toEqual(ids);
    // Another ward's person gets their own ward.
    const other = await server.app.server.inject({
      url: '/api/directory/parts/mine',
      headers: { cookie: await server.signIn('saigon') },
    });
    expect(docIds(other.rawPayload, undefined)).toContain('unit/phuong-sai-gon');
    expect(docIds(other.rawPayload, undefined)).not.toContain('unit/phuong-ben-thanh');
  });

  it('cuts every other unit into parts of bounded size, each unit in exactly one', async () => {
    const response = await get('/api/directory/parts');
    expect(response.statusCode).toBe(200);
    const index = response.json<Index>();
    expect(index.parts.length).toBeGreaterThan(1);
    const all = index.parts.flatMap((p) => p.units);
    expect(new Set(all).size).toBe(all.length);
    const mine = docIds((await get('/api/directory/parts/mine')).rawPayload, undefined);
    // With `mine`'s leadership, the parts hold every unit page of the city: 189.
    expect(new Set([...all.map((u) => `unit/${u}`), ...mine]).size).toBe(189);
    for (const part of index.parts) {
      const body = await get(`/api/directory/parts/${part.id}`);
      expect(docIds(body.rawPayload, undefined)).toEqual(part.units.map((u) => `unit/${u}`));
      // A part grows past the bound only with its one unit.
      if (part.units.length > 1) expect(body.rawPayload.byteLength).toBeLessThan(PART_RAW_BYTES + 1024);
    }
    const again = await get('/api/directory/parts', { 'if-none-match': String(response.headers.etag) });
    expect(again.statusCode).toBe(304);
  });

  it('refuses without a session, and names an unknown part in Vietnamese', async () => {
    expect((await server.app.server.inject({ url: '/api/directory/parts/mine' })).statusCode).toBe(401);
    expect((await server.app.server.inject({ url: '/api/directory/parts' })).statusCode).toBe(401);
    const unknown = await get('/api/directory/parts/p0-nothere');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ message: string }>().message).toMatch(/Phần danh bạ này không còn/);
  });

  it("an edit changes only its part's ETag, and the part then holds the edit", async () => {
    const index = (await get('/api/directory/parts')).json<Index>();
    const part = index.parts.find((p) => p.units.includes('phuong-ben-thanh'));
    const others = index.parts.filter((p) => p !== part);
    if (!part) throw new Error('no part holds the ward');
    const etags = async (ids: readonly string[]) =>
      Promise.all(ids.map(async (id) => String((await get(`/api/directory/parts/${id}`)).headers.etag)));
    const before = await etags([part.id, ...others.map((p) => p.id)]);
    const entry = decodeDirectoryBundle(new Uint8Array((await get(`/api/directory/parts/${part.id}`)).rawPayload)).find(
      (d) => d.docId === 'unit/phuong-ben-thanh',
    );
    const doc = new Y.Doc();
    Y.applyUpdateV2(doc, entry?.updateV2 ?? new Uint8Array());
    const sv = Y.encodeStateVector(doc);
    patchDirectoryPerson(doc, 'u-benthanh', { phone: '0909 000 111' });
    const admin = await server.peer('benthanh.cv');
    admin.send({
      type: 'sync',
      docId: 'unit/phuong-ben-thanh',
      ref: 1,
      payload: syncUpdate(Y.encodeStateAsUpdate(doc, sv)),
    });
    await admin.next(isAck);
    admin.close();
    // The index's cut may move with the page's size; the part holding the ward changed.
    const now = (await get('/api/directory/parts')).json<Index>();
    const moved = now.parts.find((p) => p.units.includes('phuong-ben-thanh'));
    if (!moved) throw new Error('no part holds the ward now');
    const after = await etags([moved.id, ...others.map((p) => p.id)]);
    expect(after[0]).not.toBe(before[0]);
    expect(after.slice(1)).toEqual(before.slice(1));
    const body = await get(`/api/directory/parts/${moved.id}`);
    expect(body.rawPayload.toString('latin1')).toContain('0909 000 111');
  });
});
