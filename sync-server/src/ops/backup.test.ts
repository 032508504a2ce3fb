import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { addTaskComment, readTask, syncUpdate } from '@thongsuot/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { openDatabase } from '../storage/sqlite-database.ts';
import { SqliteDocStore } from '../storage/sqlite-doc-store.ts';
import { changeOf, newTask } from '../testing/fixtures.ts';
import type { TestPeer } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';
import { sha256Hex, tusUpload } from '../testing/tus-upload.ts';
import type { BackupManifest } from './backup.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

/**
 * The online backup (docs/operations.md) taken by the command, in its own process, while the
 * relay serves a stream of writes: restored into a new data directory, it holds every write the
 * relay acknowledged before the backup began, and the attachments' files.
 */
const execFileAsync = promisify(execFile);
const serverDir = fileURLToPath(new URL('../../', import.meta.url));
const cli = (args: string[]) =>
  execFileAsync('node', ['--import', 'tsx', 'scripts/backup.ts', ...args], { cwd: serverDir, encoding: 'utf8' });

let server: TestServer;
let scratch: string;
beforeAll(async () => {
  server = await new TestServer().start();
  scratch = mkdtempSync(join(tmpdir(), 'thongsuot-backup-'));
});
afterAll(async () => {
  await server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Appends comments one after another, each sent once its predecessor is acknowledged, until told to stop. */
function writer(peer: TestPeer, doc: Y.Doc) {
  const acked: { id: string; at: number }[] = [];
  let stop = false;
  let ref = 100;
  const done = (async () => {
    while (!stop) {
      const id = `c${ref}`;
      const update = changeOf(doc, (d) =>
        addTaskComment(d, { id, by: 'u-vanphong', at: Date.now(), text: `Ghi chú số ${ref}` }),
      );
      const sent = ++ref;
      peer.send({ type: 'sync', docId: 'task/backup1', ref: sent, payload: syncUpdate(update) });
      const verdict = await peer.verdict(sent);
      if (verdict.type !== 'ack') throw new Error(`write ${id} refused: ${JSON.stringify(verdict)}`);
      acked.push({ id, at: Date.now() });
    }
  })();
  return {
    acked,
    stop: async () => {
      stop = true;
      await done;
    },
  };
}

describe('online backup and restore', () => {
  it('taken while writes stream in, restores every write acknowledged before it began, and the files', async () => {
    const peer = await server.peer('vanphong');
    const doc = newTask('backup1');
    peer.send({ type: 'sync', docId: 'task/backup1', ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(doc)) });
    expect(await peer.verdict(1)).toMatchObject({ type: 'ack' });
    const file = Buffer.from(`%PDF-1.7 Biên bản kiểm tra ${Date.now()}`);
    expect((await tusUpload(server.url, await server.signIn('vanphong'), file).done).ok).toBe(true);

    const writes = writer(peer, doc);
    while (writes.acked.length < 20) await new Promise((r) => setTimeout(r, 20));
    const target = join(scratch, 'backup');
    const taken = await cli([target, '--database', server.databasePath]);
    const manifest = JSON.parse(taken.stdout) as BackupManifest;
    // Writes went on while it ran, and after.
    const countAtEnd = writes.acked.length;
    while (writes.acked.length < countAtEnd + 5) await new Promise((r) => setTimeout(r, 20));
    await writes.stop();
    const before = writes.acked.filter((w) => w.at < manifest.startedAt).map((w) => w.id);
    expect(before.length).toBeGreaterThanOrEqual(20);
    expect(writes.acked.some((w) => w.at > manifest.finishedAt)).toBe(true);

    const restored = join(scratch, 'restored');
    const out = await cli(['--restore', target, '--data', restored]);
    expect(out.stdout).toContain('Đã khôi phục');
    const db = openDatabase(join(restored, 'thongsuot.sqlite'));
    try {
      const updates = await new SqliteDocStore(db).loadUpdates('task/backup1');
      const copy = new Y.Doc();
      for (const u of updates) Y.applyUpdate(copy, u);
      const ids = new Set(readTask(copy)?.comments.map((c) => c.id));
      expect(before.filter((id) => !ids.has(id))).toEqual([]);
    } finally {
      db.close();
    }
    const sha = sha256Hex(file);
    const restoredFile = join(restored, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha);
    expect(readFileSync(restoredFile).equals(file)).toBe(true);
  });

  it('refuses to back up into a directory with data, or to restore a changed backup or over data', async () => {
    const busy = join(scratch, 'busy');
    const target = join(scratch, 'second');
    await cli([target, '--database', server.databasePath]);
    writeFileSync(join(scratch, 'note.txt'), 'x');
    await expect(cli([scratch, '--database', server.databasePath])).rejects.toMatchObject({
      stderr: expect.stringContaining('đã có dữ liệu'),
    });
    await expect(cli(['--restore', target, '--data', scratch])).rejects.toMatchObject({
      stderr: expect.stringContaining('đã có dữ liệu'),
    });
    // One changed byte in the database file: refused, nothing written.
    const dbFile = join(target, 'thongsuot.sqlite');
    const bytes = readFileSync(dbFile);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    writeFileSync(dbFile, bytes);
    await expect(cli(['--restore', target, '--data', busy])).rejects.toMatchObject({
      stderr: expect.stringContaining('SHA-256'),
    });
    expect(existsSync(join(busy, 'thongsuot.sqlite'))).toBe(false);
  });

  it('refuses on a node of several (DATABASE_URL), whose data directory holds no documents', async () => {
    const target = join(scratch, 'cluster');
    const run = execFileAsync('node', ['--import', 'tsx', 'scripts/backup.ts', target], {
      cwd: serverDir,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: 'postgres://relay@db:5432/thongsuot' },
    });
    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('pg_dump') });
    expect(existsSync(target)).toBe(false);
  });
});
