import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BlobHashMismatch, type BlobStore } from './blob-store.ts';

export interface BlobStoreHarness {
  readonly store: BlobStore;
  /** Writes `bytes` where an upload would leave them, and returns the staged file's path. */
  stage(bytes: Uint8Array): Promise<string>;
  /** Closes and opens the same storage again; absent for stores that do not outlive the process. */
  reopen?(): Promise<BlobStore>;
  dispose(): Promise<void>;
}

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function readAll(stream: Readable | null): Promise<Buffer> {
  if (!stream) throw new Error('no such blob');
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

/** The first bytes of each type served inline, and some that must never be. */
export const SAMPLES = {
  png: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR'),
  jpeg: bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF\u0000'),
  gif: bytes('GIF89a', [1, 0, 1, 0, 0, 0, 0]),
  webp: bytes('RIFF', [36, 0, 0, 0], 'WEBPVP8 '),
  pdf: bytes('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n'),
  html: bytes('<!doctype html><script>alert(document.cookie)</script>'),
  svg: bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
} as const;

/**
 * The contract every BlobStore passes (docs/design.md §13): the local disk now, a shared store
 * for several relay nodes later (§15). Call it from a test file with a factory for fresh storage.
 */
export function describeBlobStoreContract(name: string, open: () => Promise<BlobStoreHarness>): void {
  describe(`BlobStore contract: ${name}`, () => {
    const withStore = (fn: (h: BlobStoreHarness) => Promise<void>) => async () => {
      const harness = await open();
      try {
        await fn(harness);
      } finally {
        await harness.dispose();
      }
    };

    it(
      'stores a staged file under its hash and reads back the same bytes',
      withStore(async ({ store, stage }) => {
        const content = randomBytes(300_000);
        const sha = sha256Of(content);
        expect(await store.has(sha)).toBe(false);
        expect(await store.stat(sha)).toBeNull();
        expect(await store.openRead(sha)).toBeNull();
        const staged = await stage(content);
        const put = await store.put(sha, staged);
        expect(put.deduplicated).toBe(false);
        expect(put.info).toMatchObject({ sha256: sha, size: content.length, type: 'application/octet-stream' });
        expect(existsSync(staged)).toBe(false);
        expect(await store.has(sha)).toBe(true);
        expect(await store.stat(sha)).toEqual(put.info);
        expect(Buffer.compare(await readAll(await store.openRead(sha)), content)).toBe(0);
      }),
    );

    it(
      'refuses content that does not hash to the address, deletes the staged file and stores nothing',
      withStore(async ({ store, stage }) => {
        const content = randomBytes(10_000);
        const claimed = sha256Of(randomBytes(16));
        const staged = await stage(content);
        const refusal = await store.put(claimed, staged).catch((error: unknown) => error);
        expect(refusal).toBeInstanceOf(BlobHashMismatch);
        expect((refusal as BlobHashMismatch).actual).toBe(sha256Of(content));
        expect(existsSync(staged)).toBe(false);
        expect(await store.has(claimed)).toBe(false);
        expect(await store.has(sha256Of(content))).toBe(false);
        expect(await store.openRead(claimed)).toBeNull();
        // Not a hash at all: refused the same way.
        await expect(store.put('../../etc/passwd', await stage(content))).rejects.toBeInstanceOf(BlobHashMismatch);
        expect(await store.has('../../etc/passwd')).toBe(false);
      }),
    );

    it(
      'deduplicates: the same content put again drops the staged copy and keeps the first',
      withStore(async ({ store, stage }) => {
        const content = randomBytes(50_000);
        const sha = sha256Of(content);
        const first = await store.put(sha, await stage(content));
        const again = await stage(content);
        const second = await store.put(sha, again);
        expect(second.deduplicated).toBe(true);
        expect(second.info).toEqual(first.info);
        expect(existsSync(again)).toBe(false);
        expect(Buffer.compare(await readAll(await store.openRead(sha)), content)).toBe(0);
      }),
    );

    it(
      'sniffs the type from the content: png, jpeg, gif, webp and pdf; anything else is octet-stream',
      withStore(async ({ store, stage }) => {
        const expected: Record<keyof typeof SAMPLES, string> = {
          png: 'image/png',
          jpeg: 'image/jpeg',
          gif: 'image/gif',
          webp: 'image/webp',
          pdf: 'application/pdf',
          html: 'application/octet-stream',
          svg: 'application/octet-stream',
        };
        for (const [kind, content] of Object.entries(SAMPLES)) {
          const { info } = await store.put(sha256Of(content), await stage(content));
          expect(info.type, kind).toBe(expected[kind as keyof typeof SAMPLES]);
        }
        const empty = new Uint8Array(0);
        const { info } = await store.put(sha256Of(empty), await stage(empty));
        expect(info).toMatchObject({ size: 0, type: 'application/octet-stream' });
        expect((await readAll(await store.openRead(sha256Of(empty)))).length).toBe(0);
      }),
    );

    it(
      'reads a range of bytes, both ends included',
      withStore(async ({ store, stage }) => {
        const content = randomBytes(5_000_000);
        const sha = sha256Of(content);
        await store.put(sha, await stage(content));
        const part = await readAll(await store.openRead(sha, { start: 1_000_000, end: 3_999_999 }));
        expect(Buffer.compare(part, content.subarray(1_000_000, 4_000_000))).toBe(0);
        expect((await readAll(await store.openRead(sha, { start: 4_999_999, end: 4_999_999 }))).length).toBe(1);
        await expect(store.openRead(sha, { start: 10, end: 5_000_000 })).rejects.toThrow(RangeError);
      }),
    );

    it(
      'keeps stored blobs across a reopen',
      withStore(async (harness) => {
        if (!harness.reopen) return;
        const content = randomBytes(20_000);
        const sha = sha256Of(content);
        await harness.store.put(sha, await harness.stage(content));
        const reopened = await harness.reopen();
        expect(await reopened.stat(sha)).toMatchObject({ size: content.length });
        expect(Buffer.compare(await readAll(await reopened.openRead(sha)), content)).toBe(0);
      }),
    );
  });
}
