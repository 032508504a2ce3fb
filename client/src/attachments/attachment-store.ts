import { newId } from '@thongsuot/shared/ids';
import { ATTACHMENT_LIMITS, type AttachmentRef } from '@thongsuot/shared/model/attachment';
import { formatBytes } from '../i18n/i18n.ts';
import type { BlobRow, LocalDb } from '../store/local-db.ts';

export { markOnServer } from './file-rows.ts';

/** How much room downloaded and uploaded files may take on the device by default: 500 MB. */
export const DEFAULT_BUDGET_BYTES = 500 * 1024 * 1024;
const BUDGET_KEY = 'attachments.budget';

/** A file chosen on the device, prepared (hashed, photos downscaled), not yet attached to anything. */
export interface PreparedFile {
  readonly data: Blob;
  readonly name: string;
  readonly mimeType: string;
  readonly sha256: string;
  readonly thumb?: Blob;
  readonly width?: number;
  readonly height?: number;
  readonly location?: { readonly lat: number; readonly lon: number };
}

/** Hex SHA-256 of a file's bytes (Web Crypto; the file is read once). */
export async function sha256Of(data: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await data.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Why a file cannot be attached, in Vietnamese; null when it can. */
export function refusalOf(file: { size: number }, maxBytes: number = ATTACHMENT_LIMITS.maxFileBytes): string | null {
  if (file.size === 0) return 'Tệp rỗng, không có gì để gửi.';
  if (file.size > maxBytes) return `Tệp lớn hơn giới hạn ${formatBytes(maxBytes)}.`;
  return null;
}

export function refOf(file: PreparedFile): AttachmentRef {
  return {
    id: newId(),
    name: file.name.slice(0, 255) || 'tep',
    mimeType: (file.mimeType || 'application/octet-stream').slice(0, 127),
    size: file.data.size,
    sha256: file.sha256,
    ...(file.width && file.height ? { width: file.width, height: file.height } : {}),
    ...(file.location ? { location: file.location } : {}),
  };
}

/**
 * Keeps prepared files on the device and queues their upload, in one IndexedDB transaction, and
 * returns their references. Call it before writing the item that references them: a crash in
 * between leaves a file uploaded for nothing, never an item pointing at a file the device lost.
 * A file the device already holds as saved on the server is not uploaded again; the server is
 * asked to vouch that this person may reference it (uploader.ts claims it).
 */
export async function keepFiles(
  db: LocalDb,
  files: readonly PreparedFile[],
  now = Date.now(),
): Promise<AttachmentRef[]> {
  await db.transaction('rw', db.blobs, db.uploads, async () => {
    for (const file of files) {
      const existing = await db.blobs.get(file.sha256);
      if (existing) await db.blobs.update(file.sha256, { lastUsedAt: now });
      else {
        const row: BlobRow = {
          sha256: file.sha256,
          data: file.data,
          size: file.data.size,
          mimeType: file.mimeType,
          name: file.name,
          onServer: 0,
          lastUsedAt: now,
          ...(file.thumb ? { thumb: file.thumb } : {}),
        };
        await db.blobs.put(row);
      }
      // Even a file already on the server is queued: this person must hold it there (claim or upload).
      if (!(await db.uploads.get(file.sha256))) {
        await db.uploads.put({ sha256: file.sha256, createdAt: now, sent: 0, attempts: 0 });
      }
    }
  });
  return files.map(refOf);
}

export async function budgetOf(db: LocalDb): Promise<number> {
  return (await db.getMeta<number>(BUDGET_KEY)) ?? DEFAULT_BUDGET_BYTES;
}

export async function setBudget(db: LocalDb, bytes: number): Promise<void> {
  await db.setMeta(BUDGET_KEY, bytes);
  await evictToBudget(db);
}

/**
 * Removes the least recently used files the server holds until the rest fit in the budget.
 * A file not yet saved on the server is never evicted, even over budget: it would be lost.
 * Returns how many files went.
 */
export async function evictToBudget(db: LocalDb, budget?: number): Promise<number> {
  const limit = budget ?? (await budgetOf(db));
  return db.transaction('rw', db.blobs, async () => {
    let used = 0;
    await db.blobs.each((row) => {
      used += row.size + (row.thumb?.size ?? 0);
    });
    if (used <= limit) return 0;
    let evicted = 0;
    // Oldest use first; only whole rows the server holds.
    const candidates = await db.blobs
      .orderBy('lastUsedAt')
      .filter((row) => row.onServer === 1)
      .primaryKeys();
    for (const sha of candidates) {
      if (used <= limit) break;
      const row = await db.blobs.get(sha);
      if (!row) continue;
      await db.blobs.delete(sha);
      used -= row.size + (row.thumb?.size ?? 0);
      evicted++;
    }
    return evicted;
  });
}

export interface AttachmentUsage {
  readonly files: number;
  readonly bytes: number;
  /** Files only on this device (waiting to upload). */
  readonly waiting: number;
  readonly waitingBytes: number;
  readonly budget: number;
}

export async function usageOf(db: LocalDb): Promise<AttachmentUsage> {
  let files = 0;
  let bytes = 0;
  let waitingBytes = 0;
  await db.blobs.each((row) => {
    files++;
    bytes += row.size + (row.thumb?.size ?? 0);
  });
  const waiting = await db.uploads.toArray();
  for (const upload of waiting) waitingBytes += (await db.blobs.get(upload.sha256))?.size ?? 0;
  return { files, bytes, waiting: waiting.length, waitingBytes, budget: await budgetOf(db) };
}
