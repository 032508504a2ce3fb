import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../storage/sqlite-database.ts';

/**
 * Online backup and restore of a relay's data directory (docs/operations.md): the SQLite
 * database and the attachments' blobs. The backup runs beside a serving relay, in another
 * process: `VACUUM INTO` copies the database as one read transaction sees it — a consistent
 * snapshot, while the relay keeps committing to its WAL — so every write acknowledged before the
 * backup began is in it. The blobs are content-addressed and never rewritten: each one the
 * snapshot lists is copied after it (a blob's row is written only once its file is durable, so
 * every listed file exists). A manifest records what was taken, with the database's SHA-256.
 */
export const BACKUP_DB = 'thongsuot.sqlite';
export const BACKUP_MANIFEST = 'backup.json';
export const BACKUP_BLOBS = 'blobs';

export interface BackupManifest {
  readonly format: 'thongsuot-backup';
  readonly version: 1;
  /** When the snapshot's read transaction began (ms since the epoch). */
  readonly startedAt: number;
  readonly finishedAt: number;
  /** The database's schema version (`user_version`). */
  readonly schemaVersion: number;
  readonly databaseSha256: string;
  readonly docs: number;
  readonly updates: number;
  readonly blobs: number;
  readonly blobBytes: number;
}

export interface BackupOptions {
  /** The live database file. */
  readonly databasePath: string;
  /** The live blob directory (default: `blobs` beside the database). */
  readonly blobDir?: string;
  /** A directory that does not exist yet, or is empty. */
  readonly target: string;
  readonly now?: () => number;
}

const blobPath = (dir: string, sha: string) => join(dir, sha.slice(0, 2), sha.slice(2, 4), sha);

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function emptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/** Takes a backup of a (possibly serving) relay's data into `target`. */
export async function backupDataDir(options: BackupOptions): Promise<BackupManifest> {
  const now = options.now ?? Date.now;
  const blobDir = options.blobDir ?? join(dirname(options.databasePath), 'blobs');
  if (!(await emptyOrMissing(options.target))) {
    throw new Error(`Thư mục sao lưu ${options.target} đã có dữ liệu; hãy chọn một thư mục trống.`);
  }
  await mkdir(join(options.target, BACKUP_BLOBS), { recursive: true });
  const partial = join(options.target, `${BACKUP_DB}.partial`);
  const source = new Database(options.databasePath, { readonly: true, fileMustExist: true });
  source.pragma('busy_timeout = 10000');
  let startedAt: number;
  let blobs: { sha256: string; size: number }[];
  try {
    startedAt = now();
    // One statement, one read transaction: the snapshot the copy and the blob list share.
    source.prepare('VACUUM INTO ?').run(partial);
  } finally {
    source.close();
  }
  const snapshot = new Database(partial, { readonly: true });
  let schemaVersion: number;
  let docs: number;
  let updates: number;
  try {
    schemaVersion = snapshot.pragma('user_version', { simple: true }) as number;
    blobs = snapshot.prepare('SELECT sha256, size FROM blobs ORDER BY sha256').all() as typeof blobs;
    docs = snapshot.prepare('SELECT COUNT(*) FROM docs').pluck().get() as number;
    updates = snapshot.prepare('SELECT COUNT(*) FROM doc_updates').pluck().get() as number;
  } finally {
    snapshot.close();
  }
  let blobBytes = 0;
  for (const { sha256, size } of blobs) {
    const to = blobPath(join(options.target, BACKUP_BLOBS), sha256);
    await mkdir(dirname(to), { recursive: true });
    await copyFile(blobPath(blobDir, sha256), to);
    if ((await stat(to)).size !== size) throw new Error(`tệp ${sha256} không đủ ${size} byte`);
    await fsyncFile(to);
    blobBytes += size;
  }
  await fsyncFile(partial);
  const databaseSha256 = await sha256OfFile(partial);
  await rename(partial, join(options.target, BACKUP_DB));
  const manifest: BackupManifest = {
    format: 'thongsuot-backup',
    version: 1,
    startedAt,
    finishedAt: now(),
    schemaVersion,
    databaseSha256,
    docs,
    updates,
    blobs: blobs.length,
    blobBytes,
  };
  // Written last: a backup without its manifest is an unfinished one.
  await writeFile(join(options.target, BACKUP_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  await fsyncFile(join(options.target, BACKUP_MANIFEST));
  return manifest;
}

export interface RestoreOptions {
  readonly backup: string;
  /** A new data directory: the database goes to `<dataDir>/thongsuot.sqlite`, blobs to `<dataDir>/blobs`. */
  readonly dataDir: string;
}

/**
 * Restores a backup into a new data directory, after checking it: its manifest, the database's
 * hash and SQLite's integrity check, every listed blob's size and hash. Refuses a directory that
 * already holds data — a restore never overwrites a live relay. The restored database is opened
 * once, so any migration newer than the backup runs now.
 */
export async function restoreDataDir(options: RestoreOptions): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(join(options.backup, BACKUP_MANIFEST), 'utf8')) as BackupManifest;
  } catch {
    throw new Error(`${options.backup} không phải bản sao lưu hoàn chỉnh (thiếu ${BACKUP_MANIFEST}).`);
  }
  if (manifest.format !== 'thongsuot-backup' || manifest.version !== 1) {
    throw new Error(`${options.backup}: định dạng sao lưu không được hỗ trợ.`);
  }
  const backupDb = join(options.backup, BACKUP_DB);
  if ((await sha256OfFile(backupDb)) !== manifest.databaseSha256) {
    throw new Error('Tệp cơ sở dữ liệu của bản sao lưu đã bị thay đổi hoặc hỏng (sai SHA-256).');
  }
  if (!(await emptyOrMissing(options.dataDir))) {
    throw new Error(`Thư mục ${options.dataDir} đã có dữ liệu; khôi phục chỉ vào một thư mục trống.`);
  }
  const check = new Database(backupDb, { readonly: true });
  let blobs: { sha256: string; size: number }[];
  try {
    const integrity = check.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`Cơ sở dữ liệu sao lưu không nguyên vẹn: ${String(integrity)}`);
    blobs = check.prepare('SELECT sha256, size FROM blobs').all() as typeof blobs;
  } finally {
    check.close();
  }
  await mkdir(join(options.dataDir, 'blobs'), { recursive: true });
  for (const { sha256, size } of blobs) {
    const from = blobPath(join(options.backup, BACKUP_BLOBS), sha256);
    if ((await sha256OfFile(from)) !== sha256 || (await stat(from)).size !== size) {
      throw new Error(`Tệp đính kèm ${sha256} trong bản sao lưu bị hỏng.`);
    }
    const to = blobPath(join(options.dataDir, 'blobs'), sha256);
    await mkdir(dirname(to), { recursive: true });
    await copyFile(from, to);
    await fsyncFile(to);
  }
  const target = join(options.dataDir, BACKUP_DB);
  await copyFile(backupDb, `${target}.partial`);
  await fsyncFile(`${target}.partial`);
  await rename(`${target}.partial`, target);
  openDatabase(target).close();
  return manifest;
}
