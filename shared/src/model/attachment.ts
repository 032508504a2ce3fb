import * as v from 'valibot';
import { IdSchema } from '../validation/primitives.ts';

/**
 * A reference to a file attached to an item (a directive, a progress report, an extension
 * request, a comment, a chat message). The bytes never enter a Yjs doc: they live in the
 * relay's blob store and in the device's IndexedDB, both addressed by the SHA-256 of the
 * content (docs/design.md §13). A blob is readable by the readers of the docs that reference it,
 * once the author of the reference has proved they hold the bytes (uploaded them, or could
 * already read them).
 */
export interface AttachmentRef {
  readonly id: string;
  readonly name: string;
  /** As the device saw it; the relay sniffs the content and never trusts this. */
  readonly mimeType: string;
  readonly size: number;
  /** Hex SHA-256 of the content: the blob's address. Absent only on references from before attachments were stored. */
  readonly sha256?: string;
  /** Pixel size of an image, so the view keeps its place before the bytes arrive. */
  readonly width?: number;
  readonly height?: number;
  /** Where a photo was taken, kept only when the person chose to (the file itself never carries it). */
  readonly location?: { readonly lat: number; readonly lon: number };
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The caps both ends enforce (the relay's are configurable: MAX_ATTACHMENT_BYTES, ATTACHMENT_BYTES_PER_DAY). */
export const ATTACHMENT_LIMITS = {
  /** One file: 25 MB. */
  maxFileBytes: 25 * 1024 * 1024,
  /** What one person may upload in a day (Vietnam time): 1 GB. */
  maxBytesPerDay: 1024 * 1024 * 1024,
  /** Files per item. */
  maxPerItem: 20,
} as const;

export const AttachmentRefSchema = v.object({
  id: IdSchema,
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(255)),
  mimeType: v.pipe(v.string(), v.maxLength(127)),
  size: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2 ** 40)),
  sha256: v.optional(v.pipe(v.string(), v.regex(SHA256_HEX))),
  width: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000))),
  height: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000))),
  location: v.optional(
    v.object({
      lat: v.pipe(v.number(), v.minValue(-90), v.maxValue(90)),
      lon: v.pipe(v.number(), v.minValue(-180), v.maxValue(180)),
    }),
  ),
});

/** An item's attachments: at most `maxPerItem`. */
export const AttachmentListSchema = v.pipe(v.array(AttachmentRefSchema), v.maxLength(ATTACHMENT_LIMITS.maxPerItem));

/**
 * The blob hashes a plain entry references: its `attachments` field, or the entry itself when it
 * is an attachment list (a task's meta `attachments`). The relay records them with the entry's
 * author in the write's transaction (docs/design.md §13).
 */
export function attachmentHashesOf(value: unknown): string[] {
  const list = Array.isArray(value)
    ? value
    : typeof value === 'object' && value !== null
      ? (value as { attachments?: unknown }).attachments
      : undefined;
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const ref of list) {
    const sha = typeof ref === 'object' && ref !== null ? (ref as { sha256?: unknown }).sha256 : undefined;
    if (typeof sha === 'string' && SHA256_HEX.test(sha) && !out.includes(sha)) out.push(sha);
  }
  return out;
}
