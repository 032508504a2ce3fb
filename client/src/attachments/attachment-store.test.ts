import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalDb } from '../store/local-db.ts';
import {
  evictToBudget,
  keepFiles,
  markOnServer,
  type PreparedFile,
  refusalOf,
  sha256Of,
  usageOf,
} from './attachment-store.ts';

const opened: LocalDb[] = [];
function openDb(): LocalDb {
  const db = new LocalDb(`u-files-${opened.length}-${Math.random()}`);
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

async function file(text: string, size = text.length): Promise<PreparedFile> {
  const data = new Blob([text.padEnd(size, '.')], { type: 'application/pdf' });
  return { data, name: `${text}.pdf`, mimeType: 'application/pdf', sha256: await sha256Of(data) };
}

describe('files kept on the device', () => {
  it('hashes with SHA-256 as the server does', async () => {
    expect(await sha256Of(new Blob(['abc']))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('keeps a file and queues its upload in one step, and references it by hash', async () => {
    const db = openDb();
    const f = await file('cong-van');
    const [ref] = await keepFiles(db, [f], 1000);
    expect(ref).toMatchObject({
      name: 'cong-van.pdf',
      mimeType: 'application/pdf',
      size: f.data.size,
      sha256: f.sha256,
    });
    expect((await db.blobs.get(f.sha256))?.onServer).toBe(0);
    expect(await db.uploads.get(f.sha256)).toMatchObject({ sha256: f.sha256, sent: 0, attempts: 0 });
    // The same file attached twice is one copy and one upload.
    await keepFiles(db, [f], 2000);
    expect(await db.blobs.count()).toBe(1);
    expect(await db.uploads.count()).toBe(1);
  });

  it('is marked saved on the server only when told so, which ends its upload', async () => {
    const db = openDb();
    const f = await file('bao-cao');
    await keepFiles(db, [f]);
    await markOnServer(db, f.sha256);
    expect((await db.blobs.get(f.sha256))?.onServer).toBe(1);
    expect(await db.uploads.count()).toBe(0);
  });

  it('evicts the least recently used saved files under the budget, never one only on this device', async () => {
    const db = openDb();
    const oldSaved = await file('old', 400);
    const newSaved = await file('new', 400);
    const unsent = await file('unsent', 400);
    await keepFiles(db, [oldSaved], 1);
    await keepFiles(db, [unsent], 2);
    await keepFiles(db, [newSaved], 3);
    await markOnServer(db, oldSaved.sha256);
    await markOnServer(db, newSaved.sha256);
    // 1,200 bytes in 500: the unsent file stays even though the rest cannot fit.
    expect(await evictToBudget(db, 500)).toBe(2);
    expect((await db.blobs.toCollection().primaryKeys()).sort()).toEqual([unsent.sha256]);
    // With room for two, only the oldest saved one goes.
    const again = await file('again', 400);
    await keepFiles(db, [again], 4);
    await keepFiles(db, [oldSaved], 5);
    await markOnServer(db, again.sha256);
    await markOnServer(db, oldSaved.sha256);
    expect(await evictToBudget(db, 900)).toBe(1);
    expect(await db.blobs.get(again.sha256)).toBeUndefined();
    expect(await db.blobs.get(oldSaved.sha256)).toBeDefined();
    const usage = await usageOf(db);
    expect(usage).toMatchObject({ files: 2, bytes: 800, waiting: 1, waitingBytes: 400 });
  });

  it('states the per-file cap in Vietnamese', () => {
    expect(refusalOf({ size: 26 * 1024 * 1024 })).toBe('Tệp lớn hơn giới hạn 25 MB.');
    expect(refusalOf({ size: 0 })).toMatch(/rỗng/);
    expect(refusalOf({ size: 10 })).toBeNull();
  });
});
