import { gunzipSync } from 'node:zlib';
import {
  decodeDirectoryBundle,
  patchDirectoryPerson,
  readSyncPayload,
  readUnitPage,
  syncStep1,
  syncUpdate,
} from '@thongsuot/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isAck, isError, isSync } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';

/** The unit page as a device holds it after the bundle: all of it, from the v2 update. */
async function unitPage(server: TestServer, cookie: string, unitId: string): Promise<Y.Doc> {
  const response = await server.app.server.inject({ url: '/api/directory/bundle', headers: { cookie } });
  const entry = decodeDirectoryBundle(new Uint8Array(response.rawPayload)).find((d) => d.docId === `unit/${unitId}`);
  const doc = new Y.Doc();
  if (entry) Y.applyUpdateV2(doc, entry.updateV2);
  return doc;
}

function edit(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  change(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

describe('the directory on a seeded demo city', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await new TestServer({ seedDirectory: true }).start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('seeds every unit of the city with its page, the demo accounts in their seats', async () => {
    const cookie = await server.signIn('benthanh.cv');
    const response = await server.app.server.inject({
      url: '/api/directory/bundle',
      headers: { cookie, 'accept-encoding': 'gzip, deflate' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    const docs = decodeDirectoryBundle(new Uint8Array(gunzipSync(response.rawPayload)));
    expect(docs).toHaveLength(189);
    const ward = await unitPage(server, cookie, 'phuong-ben-thanh');
    const page = readUnitPage(ward);
    expect(page?.unit.name).toBe('Phường Bến Thành');
    expect(page?.admins).toContain('u-benthanh-cv');
    expect(page?.people.find((p) => p.id === 'u-benthanh')?.fullName).toBe('Huỳnh Thị Ngọc Lan');
    // Unchanged: a revalidation costs nothing.
    const again = await server.app.server.inject({
      url: '/api/directory/bundle',
      headers: { cookie, 'if-none-match': String(response.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it('refuses the bundle without a session', async () => {
    expect((await server.app.server.inject({ url: '/api/directory/bundle' })).statusCode).toBe(401);
  });

  it('accepts an edit by the unit’s directory admin, relays it to everyone, and refuses anyone else', async () => {
    const cookie = await server.signIn('benthanh.cv');
    const admin = await server.peer('benthanh.cv');
    const elsewhere = await server.peer('saigon');
    const doc = await unitPage(server, cookie, 'phuong-ben-thanh');
    // Another unit's Chairman hears of the change: the directory is read by all staff.
    elsewhere.send({
      type: 'sync',
      docId: 'unit/phuong-ben-thanh',
      ref: 0,
      payload: syncStep1(Y.encodeStateVector(doc)),
    });
    await elsewhere.next(isSync);

    const phone = edit(doc, (d) => patchDirectoryPerson(d, 'u-benthanh', { phone: '0909 123 456' }));
    admin.send({ type: 'sync', docId: 'unit/phuong-ben-thanh', ref: 1, payload: syncUpdate(phone) });
    expect(await admin.next(isAck)).toMatchObject({ refs: [1] });
    const relayed = readSyncPayload((await elsewhere.next(isSync)).payload);
    const copy = await unitPage(server, cookie, 'phuong-ben-thanh');
    expect(readUnitPage(copy)?.people.find((p) => p.id === 'u-benthanh')?.phone).toBe('0909 123 456');
    expect(relayed.kind).not.toBe('step1');

    // From the other Chairman's own copy (their own Yjs client id).
    const theirs = new Y.Doc();
    Y.applyUpdate(theirs, Y.encodeStateAsUpdate(doc));
    const intrusion = edit(theirs, (d) => patchDirectoryPerson(d, 'u-benthanh', { position: 'Nhân viên' }));
    elsewhere.send({ type: 'sync', docId: 'unit/phuong-ben-thanh', ref: 2, payload: syncUpdate(intrusion) });
    const refused = await elsewhere.next(isError);
    expect(refused).toMatchObject({ ref: 2, code: 'forbidden' });
    expect(refused.message).toMatch(/người cập nhật danh bạ/);
    const after = readUnitPage(await unitPage(server, cookie, 'phuong-ben-thanh'));
    expect(after?.people.find((p) => p.id === 'u-benthanh')?.position).toBe('Chủ tịch UBND Phường Bến Thành');
    // The page's entries name no author; the relay's audit log names who changed whom.
    const { openDatabase } = await import('../storage/sqlite-database.ts');
    const db = openDatabase(server.databasePath);
    const audit = db
      .prepare("SELECT actor_id, action, detail FROM audit_log WHERE doc_id = 'unit/phuong-ben-thanh' ORDER BY id")
      .all();
    db.close();
    expect(audit).toEqual([
      { actor_id: 'u-benthanh-cv', action: 'unit.person', detail: 'u-benthanh' },
      // The refused intrusion is in the log too, in the intruder's name.
      { actor_id: expect.any(String), action: 'write.refused', detail: refused.message },
    ]);
    expect((audit[1] as { actor_id: string }).actor_id).not.toBe('u-benthanh-cv');
    admin.close();
    elsewhere.close();
  });
});
