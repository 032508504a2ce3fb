import { type Dossier, markForInformation, readDossier, vietnamDate, writeInstruction } from '@thongsuot/shared';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { benThanhClerksPage, changeOf, copyOf, incomingDossier } from '../testing/fixtures.ts';
import { SignedInPeers } from '../testing/signed-in-peers.ts';
import { TestServer } from '../testing/test-server.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/**
 * Incoming documents through the real relay (docs/design.md §18): only the unit's clerks register
 * them, only the relay numbers them — one series per unit, register and year, never a number
 * twice or skipped, whatever order two clerks' offline registrations arrive in — and only the
 * unit's leader decides what becomes of them.
 */
let server: TestServer;
const peers = new SignedInPeers(() => server);
let seq = 0;
const AT = Date.now() - 3_600_000;
const send = (username: string, docId: string, update: Uint8Array) => peers.send(username, docId, update);

async function stored(docId: string): Promise<Dossier | null> {
  const doc = new Y.Doc();
  for (const u of await server.app.context.docs.loadUpdates(docId)) Y.applyUpdate(doc, u);
  return readDossier(doc);
}

function incoming(
  by: string,
  numberSymbol = `${++seq}/UBND-VP`,
  confidentiality: Dossier['confidentiality'] = 'thuong',
) {
  const id = `d${++seq}`;
  return { id, docId: `dossier/${id}`, doc: incomingDossier(id, by, AT, numberSymbol, confidentiality) };
}

beforeAll(async () => {
  server = await new TestServer().start();
  // The ward's chairman keeps its directory page: its clerks are the specialist and herself.
  expect(await send('benthanh', 'unit/phuong-ben-thanh', benThanhClerksPage(AT))).toMatchObject({ type: 'ack' });
});

afterAll(async () => {
  peers.close();
  await server?.stop();
});

/** The ward's incoming register for this year, as the relay's table holds it. */
const series = (): number[] => {
  const db = new Database(server.databasePath, { readonly: true });
  try {
    const year = Number(vietnamDate(Date.now()).slice(0, 4));
    return db
      .prepare(
        `SELECT number FROM dossiers WHERE unit_id = 'phuong-ben-thanh' AND register = 'den' AND year = ? ORDER BY number`,
      )
      .pluck()
      .all(year) as number[];
  } finally {
    db.close();
  }
};

describe('registering an incoming document', () => {
  it('a clerk registers it; it waits for its number, then the relay numbers it in the year’s series', async () => {
    const { docId, doc } = incoming('u-benthanh-cv');
    expect(await send('benthanh.cv', docId, Y.encodeStateAsUpdate(doc))).toMatchObject({ type: 'ack' });
    await server.app.context.registrar.idle();
    const numbered = await stored(docId);
    expect(numbered?.register).toMatchObject({ register: 'den', year: Number(vietnamDate(Date.now()).slice(0, 4)) });
    expect(numbered?.register?.number).toBeGreaterThanOrEqual(1);
  });

  it('refuses a registration by someone who is not the unit’s clerk, or in another’s name, or numbered by a device', async () => {
    const outsider = incoming('u-saigon');
    expect(await send('saigon', outsider.docId, Y.encodeStateAsUpdate(outsider.doc))).toMatchObject({
      type: 'error',
      code: 'forbidden',
    });
    const forged = incoming('u-benthanh');
    expect(await send('benthanh.cv', forged.docId, Y.encodeStateAsUpdate(forged.doc))).toMatchObject({
      type: 'error',
    });
    const selfNumbered = incoming('u-benthanh-cv');
    selfNumbered.doc.getMap('register').set('number', 1);
    expect(await send('benthanh.cv', selfNumbered.docId, Y.encodeStateAsUpdate(selfNumbered.doc))).toMatchObject({
      type: 'error',
    });
    for (const id of [outsider.docId, forged.docId, selfNumbered.docId]) expect(await stored(id)).toBeNull();
  });

  it('only the ward’s leader decides, once, in her own name; a clerk may not', async () => {
    const { docId, doc } = incoming('u-benthanh-cv');
    expect(await send('benthanh.cv', docId, Y.encodeStateAsUpdate(doc))).toMatchObject({ type: 'ack' });
    const instruction = {
      by: 'u-benthanh-cv',
      at: AT + 1,
      text: 'Giao bộ phận kinh tế chủ trì kiểm tra, báo cáo trước ngày 05/12.',
      lead: { id: 'u-benthanh-cv', kind: 'person' as const },
      cooperating: [],
      deadline: '2026-12-05',
      taskId: 'task-from-doc-1',
    };
    const byClerk = changeOf(copyOf(doc), (d) => writeInstruction(d, instruction));
    expect(await send('benthanh.cv', docId, byClerk)).toMatchObject({ type: 'error', code: 'forbidden' });
    const byLeader = changeOf(copyOf(doc), (d) => writeInstruction(d, { ...instruction, by: 'u-benthanh' }));
    expect(await send('benthanh', docId, byLeader)).toMatchObject({ type: 'ack' });
    const current = new Y.Doc();
    for (const u of await server.app.context.docs.loadUpdates(docId)) Y.applyUpdate(current, u);
    const again = changeOf(current, (d) =>
      d.getMap('handling').set('information', { by: 'u-benthanh', at: AT + 2, note: '' }),
    );
    expect(await send('benthanh', docId, again)).toMatchObject({ type: 'error', code: 'forbidden' });
    expect((await stored(docId))?.instruction?.by).toBe('u-benthanh');
  });

  it('a document for information only is marked read with no task', async () => {
    const { docId, doc } = incoming('u-benthanh-cv');
    expect(await send('benthanh.cv', docId, Y.encodeStateAsUpdate(doc))).toMatchObject({ type: 'ack' });
    const read = changeOf(copyOf(doc), (d) => markForInformation(d, 'u-benthanh', AT + 3, 'Để biết'));
    expect(await send('benthanh', docId, read)).toMatchObject({ type: 'ack' });
    expect((await stored(docId))?.information).toMatchObject({ by: 'u-benthanh', note: 'Để biết' });
  });

  it('flags a second registration of the same document (same issuer, number and symbol)', async () => {
    const first = incoming('u-benthanh-cv', '125/QĐ-UBND');
    const second = incoming('u-benthanh', '125/QĐ-UBND');
    expect(await send('benthanh.cv', first.docId, Y.encodeStateAsUpdate(first.doc))).toMatchObject({ type: 'ack' });
    await server.app.context.registrar.idle();
    expect(await send('benthanh', second.docId, Y.encodeStateAsUpdate(second.doc))).toMatchObject({ type: 'ack' });
    await server.app.context.registrar.idle();
    expect((await stored(first.docId))?.register?.duplicateOf).toBeUndefined();
    expect((await stored(second.docId))?.register?.duplicateOf).toBe(first.id);
  });
});

describe('numbers under concurrent offline registrations', () => {
  it('two clerks’ devices sending what they registered offline, in any order, get every number once, none skipped', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('benthanh.cv', 'benthanh'), { minLength: 1, maxLength: 8 }),
        async (clerks) => {
          await server.app.context.registrar.idle();
          const before = series().length;
          const batch = clerks.map((username) => ({
            username,
            ...incoming(username === 'benthanh' ? 'u-benthanh' : 'u-benthanh-cv'),
          }));
          // Sent at once, as two devices coming back online would: no waiting between them.
          const verdicts = await Promise.all(batch.map((b) => send(b.username, b.docId, Y.encodeStateAsUpdate(b.doc))));
          expect(verdicts.map((v) => v.type)).toEqual(batch.map(() => 'ack'));
          await server.app.context.registrar.idle();
          // The whole series is 1..N: no number twice, none skipped; each new document has one.
          const numbers = series();
          expect(numbers).toEqual(numbers.map((_, i) => i + 1));
          expect(numbers).toHaveLength(before + batch.length);
          for (const b of batch) expect((await stored(b.docId))?.register?.number).toBeGreaterThan(before);
        },
      ),
      { seed: 20261130, numRuns: 12 },
    );
  });
});

describe('a restart between a registration and its number', () => {
  it('numbers on start what was registered just before the relay stopped, next in the series', async () => {
    await server.app.context.registrar.idle();
    // The registrar stops hearing commits: the registration is stored, its number not yet given.
    server.app.context.registrar.close();
    const { docId, doc } = incoming('u-benthanh-cv');
    expect(await send('benthanh.cv', docId, Y.encodeStateAsUpdate(doc))).toMatchObject({ type: 'ack' });
    expect((await stored(docId))?.register).toBeNull();
    peers.close();
    await server.restart();
    await server.app.context.registrar.idle();
    const numbers = series();
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect((await stored(docId))?.register?.number).toBe(numbers.length);
  });
});
