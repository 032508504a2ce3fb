import { createHash } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import * as tus from 'tus-js-client';

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export interface UploadOptions {
  /** Defaults to the content's real hash; tests pass another to forge one. */
  readonly sha256?: string;
  readonly filename?: string;
  readonly filetype?: string;
  /** Bytes per PATCH (default: the whole file in one). */
  readonly chunkSize?: number;
  /** Resume this upload instead of creating one. */
  readonly uploadUrl?: string;
  /** tus-js-client's retry delays (default: none, so a failure is reported at once). */
  readonly retryDelays?: number[];
  /** Called after every chunk the server accepted, with the upload so a test can abort it. */
  readonly onChunk?: (upload: tus.Upload, bytesAccepted: number, bytesTotal: number) => void;
  /** Called as bytes go out, mid-request too (to cut a request halfway). */
  readonly onProgress?: (upload: tus.Upload, bytesSent: number, bytesTotal: number) => void;
  readonly metadata?: Record<string, string>;
}

export type UploadOutcome =
  | { readonly ok: true; readonly url: string; readonly status: number }
  | { readonly ok: false; readonly url: string | null; readonly status: number | null; readonly body: string };

/**
 * One file uploaded with tus-js-client in Node, as the app uploads it: `content` is the bytes
 * (or a file stream, so a benchmark holds none of them), signed in by `cookie`. Resolves with
 * the outcome: the final response, or the error the client reported. An aborted upload never
 * settles (`abort()` reports nothing): resume it with another call given its `uploadUrl`.
 */
export function tusUpload(
  baseUrl: string,
  cookie: string,
  content: Buffer | ReadStream,
  options: UploadOptions = {},
): { upload: tus.Upload; done: Promise<UploadOutcome>; aborted: () => Promise<string | null> } {
  let settle!: (outcome: UploadOutcome) => void;
  const done = new Promise<UploadOutcome>((resolve) => {
    settle = resolve;
  });
  const sha256 = options.sha256 ?? (Buffer.isBuffer(content) ? sha256Hex(content) : '');
  const upload: tus.Upload = new tus.Upload(content, {
    endpoint: `${baseUrl}/api/uploads/`,
    ...(options.uploadUrl ? { uploadUrl: options.uploadUrl } : {}),
    metadata: options.metadata ?? {
      sha256,
      filename: options.filename ?? 'bao-cao.bin',
      filetype: options.filetype ?? 'application/octet-stream',
    },
    headers: { cookie },
    ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
    retryDelays: options.retryDelays ?? [],
    storeFingerprintForResuming: false,
    onChunkComplete: (_size, accepted, total) => options.onChunk?.(upload, accepted, total),
    onProgress: (sent, total) => options.onProgress?.(upload, sent, total),
    onSuccess: ({ lastResponse }) => settle({ ok: true, url: upload.url ?? '', status: lastResponse.getStatus() }),
    onError: (error) => {
      const response = (error as tus.DetailedError).originalResponse;
      settle({
        ok: false,
        url: upload.url,
        status: response ? response.getStatus() : null,
        body: response ? response.getBody() : String(error),
      });
    },
  });
  upload.start();
  return {
    upload,
    done,
    aborted: async () => {
      await upload.abort(false);
      return upload.url;
    },
  };
}
