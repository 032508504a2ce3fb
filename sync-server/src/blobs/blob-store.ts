import type { Readable } from 'node:stream';

/**
 * The types a blob may be served inline as (docs/design.md §13), sniffed from its first bytes.
 * Everything else is `application/octet-stream` and only ever downloaded.
 */
export const INLINE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'] as const;
export type InlineType = (typeof INLINE_TYPES)[number];
export type BlobType = InlineType | 'application/octet-stream';

/** How many leading bytes `sniffType` looks at. */
export const SNIFF_BYTES = 12;

/**
 * The content's type by its magic bytes, never by what the uploader said. Hand-written for the
 * five types served inline: file-type@22 needs Node 22 (we run on 20), and an allowlist of five
 * exact signatures is easier to audit than a library that recognises hundreds of formats, since
 * this decision is what keeps HTML and SVG from ever being rendered (docs/security.md).
 */
export function sniffType(head: Uint8Array): BlobType {
  const at = (offset: number, bytes: readonly number[]) => bytes.every((b, i) => head[offset + i] === b);
  const ascii = (offset: number, text: string) =>
    at(
      offset,
      [...text].map((c) => c.charCodeAt(0)),
    );
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (at(0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'image/gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  if (ascii(0, '%PDF-')) return 'application/pdf';
  return 'application/octet-stream';
}

export interface BlobInfo {
  readonly sha256: string;
  readonly size: number;
  /** Sniffed when stored. */
  readonly type: BlobType;
  readonly storedAt: number;
}

/** Bytes `start` to `end`, both included (as in an HTTP Range). */
export interface BlobRange {
  readonly start: number;
  readonly end: number;
}

export interface PutResult {
  readonly info: BlobInfo;
  /** The blob was already stored: the staged copy was dropped. */
  readonly deduplicated: boolean;
}

/** The staged content does not hash to the address it was put under; nothing was stored. */
export class BlobHashMismatch extends Error {
  readonly code = 'hash_mismatch';
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`content hashes to ${actual}, not ${expected}`);
  }
}

/**
 * Attachment bytes, addressed by the hex SHA-256 of their content (docs/design.md §13). Every
 * implementation passes `blob-store.contract.ts`: the local disk now, a shared store when the
 * relay runs on several nodes (§15). Nothing here holds a whole file in memory.
 */
export interface BlobStore {
  /**
   * Stores the staged file (an upload's bytes, on this machine) under `sha256` once its content
   * hashes to it, and resolves only when the blob is durable. The staged file is consumed either
   * way: moved into the store, dropped as a duplicate, or deleted on `BlobHashMismatch`.
   */
  put(sha256: string, stagedPath: string): Promise<PutResult>;
  has(sha256: string): Promise<boolean>;
  /** Null when no such blob is stored. */
  stat(sha256: string): Promise<BlobInfo | null>;
  /** The bytes, streamed; null when no such blob is stored. The range must lie within the blob. */
  openRead(sha256: string, range?: BlobRange): Promise<Readable | null>;
  close(): Promise<void>;
}
