/// <reference lib="webworker" />
// A new device's directory download off the page's main thread (directory-download.ts): decoding
// 50,000 people's pages and writing them to IndexedDB took a phone seconds of blocked screen.
import { type DownloadEvent, downloadDirectory } from './directory-download.ts';

export type WorkerRequest = { readonly kind: 'start'; readonly dbName: string } | { readonly kind: 'open' };
export type WorkerReply = DownloadEvent | { readonly kind: 'done'; readonly ok: boolean; readonly error?: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;
let open: () => void = () => undefined;
const gate = new Promise<void>((resolve) => {
  open = resolve;
});

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.kind === 'open') return open();
  const reply = (message: WorkerReply): void => scope.postMessage(message);
  downloadDirectory({ dbName: request.dbName, gate, onEvent: reply }).then(
    (ok) => reply({ kind: 'done', ok }),
    (error: unknown) => reply({ kind: 'done', ok: false, error: String(error) }),
  );
};
