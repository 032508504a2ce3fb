import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../storage/sqlite-database.ts';
import { describeBlobStoreContract, sha256Of } from './blob-store.contract.ts';
import { DiskBlobStore } from './disk-blob-store.ts';

function diskHarness() {
  const dir = mkdtempSync(join(tmpdir(), 'thongsuot-blobs-'));
  const uploads = join(dir, 'uploads');
  mkdirSync(uploads);
  const path = join(dir, 'store.sqlite');
  let db: SqliteDatabase = openDatabase(path);
  let staged = 0;
  return {
    dir,
    get db() {
      return db;
    },
    store: new DiskBlobStore(join(dir, 'blobs'), db),
    async stage(bytes: Uint8Array) {
      const file = join(uploads, `upload-${++staged}`);
      writeFileSync(file, bytes);
      return file;
    },
    async reopen() {
      db.close();
      db = openDatabase(path);
      return new DiskBlobStore(join(dir, 'blobs'), db);
    },
    async dispose() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeBlobStoreContract('local disk', async () => diskHarness());

it('keeps one file per content, sharded by hash, and one row', async () => {
  const h = diskHarness();
  try {
    const content = randomBytes(4096);
    const sha = sha256Of(content);
    await h.store.put(sha, await h.stage(content));
    await h.store.put(sha, await h.stage(content));
    expect(readdirSync(join(h.dir, 'blobs', sha.slice(0, 2), sha.slice(2, 4)))).toEqual([sha]);
    expect(statSync(h.store.pathOf(sha)).size).toBe(4096);
    expect(readdirSync(join(h.dir, 'uploads'))).toEqual([]);
    expect(h.db.prepare('SELECT COUNT(*) FROM blobs').pluck().get()).toBe(1);
  } finally {
    await h.dispose();
  }
});
