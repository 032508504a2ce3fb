import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { SHA256_HEX } from '@thongsuot/shared';
import { type ControlWrites, controlOf } from '../storage/control-writes.ts';
import type { SqliteDatabase } from '../storage/sqlite-database.ts';
import {
  BlobHashMismatch,
  type BlobInfo,
  type BlobRange,
  type BlobStore,
  type BlobType,
  type PutResult,
  SNIFF_BYTES,
  sniffType,
} from './blob-store.ts';

/** Read in slices this big while hashing: one buffer, reused, whatever the file's size. */
const READ_SLICE = 1024 * 1024;

interface BlobRow {
  sha256: string;
  size: number;
  type: BlobType;
  storedAt: number;
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Blobs as files under `dir`, sharded by their hash (`ab/cd/abcd…`), each with a row in the
 * `blobs` table (size, sniffed type). A put (docs/design.md §13): stream the staged file through
 * SHA-256, refuse it on a mismatch, fsync it, rename it into place (or drop it when the blob is
 * already there), fsync the directory, and only then write the row. A blob has a row only once
 * its bytes are durable under their name; a file without a row (a crash between the two) is
 * taken as absent and simply found again by the next put of the same content.
 */
export class DiskBlobStore implements BlobStore {
  readonly #dir: string;
  readonly #now: () => number;
  readonly #insert;
  readonly #select;
  readonly #control: ControlWrites;

  constructor(dir: string, db: SqliteDatabase, now: () => number = Date.now) {
    this.#dir = dir;
    this.#now = now;
    this.#control = controlOf(db);
    this.#insert = db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, type, stored_at) VALUES (?, ?, ?, ?)');
    this.#select = db.prepare('SELECT sha256, size, type, stored_at AS storedAt FROM blobs WHERE sha256 = ?');
  }

  /** Where a blob's file lives. */
  pathOf(sha256: string): string {
    return join(this.#dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(sha256: string, stagedPath: string): Promise<PutResult> {
    if (!SHA256_HEX.test(sha256)) {
      await rm(stagedPath, { force: true });
      throw new BlobHashMismatch(sha256, '');
    }
    const { actual, size, type } = await this.#hashAndSync(stagedPath);
    if (actual !== sha256) {
      await rm(stagedPath, { force: true });
      throw new BlobHashMismatch(sha256, actual);
    }
    const target = this.pathOf(sha256);
    let deduplicated = false;
    if (await exists(target)) {
      deduplicated = true;
      await rm(stagedPath, { force: true });
    } else {
      const created = await mkdir(dirname(target), { recursive: true });
      await this.#moveInto(stagedPath, target);
      // The new name is durable once its directory is; a shard directory made just now must be
      // made durable in its own parent too.
      await fsyncPath(dirname(target));
      if (created !== undefined) {
        for (const d of [dirname(dirname(target)), this.#dir, dirname(this.#dir)]) await fsyncPath(d);
      }
    }
    await this.#control.run(() => this.#insert.run(sha256, size, type, this.#now()));
    const info = this.#row(sha256);
    if (!info) throw new Error(`blob ${sha256} has no row after it was stored`);
    return { info, deduplicated };
  }

  /** Streams the staged file through SHA-256 (one reused buffer), sniffs its type and fsyncs it. */
  async #hashAndSync(path: string): Promise<{ actual: string; size: number; type: BlobType }> {
    const handle = await open(path, 'r+');
    try {
      const hash = createHash('sha256');
      const buffer = Buffer.allocUnsafe(READ_SLICE);
      const head = Buffer.alloc(SNIFF_BYTES);
      let size = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, READ_SLICE, size);
        if (bytesRead === 0) break;
        if (size < SNIFF_BYTES) buffer.copy(head, size, 0, Math.min(bytesRead, SNIFF_BYTES - size));
        hash.update(buffer.subarray(0, bytesRead));
        size += bytesRead;
      }
      await handle.sync();
      return { actual: hash.digest('hex'), size, type: sniffType(size < SNIFF_BYTES ? head.subarray(0, size) : head) };
    } finally {
      await handle.close();
    }
  }

  /** A rename when the staging area is on the same file system (it is, by default); else a copy. */
  async #moveInto(stagedPath: string, target: string): Promise<void> {
    try {
      await rename(stagedPath, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      await copyFile(stagedPath, temporary);
      await fsyncPath(temporary);
      await rename(temporary, target);
      await rm(stagedPath, { force: true });
    }
  }

  #row(sha256: string): BlobInfo | null {
    return (this.#select.get(sha256) as BlobRow | undefined) ?? null;
  }

  async has(sha256: string): Promise<boolean> {
    return SHA256_HEX.test(sha256) && this.#row(sha256) !== null;
  }

  async stat(sha256: string): Promise<BlobInfo | null> {
    return SHA256_HEX.test(sha256) ? this.#row(sha256) : null;
  }

  async openRead(sha256: string, range?: BlobRange): Promise<Readable | null> {
    const info = await this.stat(sha256);
    if (!info) return null;
    if (range && (range.start < 0 || range.end < range.start || range.end >= info.size)) {
      throw new RangeError(`bytes ${range.start}-${range.end} are not within the blob's ${info.size}`);
    }
    try {
      const handle = await open(this.pathOf(sha256), 'r');
      // The stream closes the handle when it ends or is destroyed.
      return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async close(): Promise<void> {}
}
