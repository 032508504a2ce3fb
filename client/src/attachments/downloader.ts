import type { AttachmentRef } from '@thongsuot/shared/model/attachment';
import type { LocalDb } from '../store/local-db.ts';
import { evictToBudget, sha256Of } from './attachment-store.ts';
import { thumbnailOf } from './photo.ts';

/** Why a file could not be fetched. */
export type FetchFailure = 'offline' | 'not_on_server' | 'corrupt' | 'failed';

export type FetchResult =
  | { readonly ok: true; readonly data: Blob }
  | { readonly ok: false; readonly why: FetchFailure };

const inFlight = new Map<string, Promise<FetchResult>>();

/**
 * A file's bytes: from the device when it holds them (and then it counts as used now), otherwise
 * fetched from the server, checked against its hash and kept under the storage budget. The server
 * answers 404 both for a file one may not read and for one its sender has not finished uploading;
 * the two look the same here on purpose (existence never leaks), and the view says "not yet on
 * the server".
 */
export function fetchAttachment(db: LocalDb, ref: AttachmentRef): Promise<FetchResult> {
  const sha = ref.sha256;
  if (!sha) return Promise.resolve({ ok: false, why: 'not_on_server' });
  const running = inFlight.get(sha);
  if (running) return running;
  const task = (async (): Promise<FetchResult> => {
    const local = await db.blobs.get(sha);
    if (local) {
      await db.blobs.update(sha, { lastUsedAt: Date.now() });
      return { ok: true, data: local.data };
    }
    if (globalThis.navigator?.onLine === false) return { ok: false, why: 'offline' };
    let response: Response;
    try {
      response = await fetch(`/api/blobs/${sha}?name=${encodeURIComponent(ref.name)}`, { credentials: 'same-origin' });
    } catch {
      return { ok: false, why: 'offline' };
    }
    if (response.status === 404) return { ok: false, why: 'not_on_server' };
    if (!response.ok) return { ok: false, why: 'failed' };
    const bytes = await response.blob();
    if ((await sha256Of(bytes)) !== sha) return { ok: false, why: 'corrupt' };
    // The stored copy keeps the type the sender's device gave (the server serves most as a download).
    const data = new Blob([bytes], { type: ref.mimeType });
    const thumb = ref.mimeType.startsWith('image/') ? await thumbnailOf(data).catch(() => undefined) : undefined;
    await db.blobs.put({
      sha256: sha,
      data,
      size: data.size,
      mimeType: ref.mimeType,
      name: ref.name,
      onServer: 1,
      lastUsedAt: Date.now(),
      ...(thumb ? { thumb } : {}),
    });
    await evictToBudget(db);
    return { ok: true, data };
  })().finally(() => inFlight.delete(sha));
  inFlight.set(sha, task);
  return task;
}

/**
 * Whether background downloads may run: not on a connection the person pays for by the byte
 * or asked to spare (Network Information API where the browser has it; assume unmetered where not).
 */
export function mayDownloadInBackground(): boolean {
  const connection = (
    globalThis.navigator as Navigator & { connection?: { saveData?: boolean; type?: string; effectiveType?: string } }
  )?.connection;
  if (!connection) return globalThis.navigator?.onLine !== false;
  if (connection.saveData) return false;
  if (connection.type === 'cellular') return false;
  if (connection.effectiveType === 'slow-2g' || connection.effectiveType === '2g') return false;
  return globalThis.navigator?.onLine !== false;
}

/**
 * Fetches, one at a time, the files of the person's open work the device does not hold yet
 * (docs/design.md §13), stopping when the connection becomes metered or the budget would be
 * exceeded by files fetched only in case.
 */
export async function prefetchOpenWork(
  db: LocalDb,
  refs: readonly AttachmentRef[],
  budget: number,
  shouldStop: () => boolean = () => false,
): Promise<number> {
  let fetched = 0;
  let used = 0;
  await db.blobs.each((row) => {
    used += row.size;
  });
  for (const ref of refs) {
    if (shouldStop() || !mayDownloadInBackground()) break;
    if (!ref.sha256 || (await db.blobs.get(ref.sha256))) continue;
    // Files fetched in case keep half the budget free for what the person opens.
    if (used + ref.size > budget / 2) break;
    const result = await fetchAttachment(db, ref);
    if (result.ok) {
      fetched++;
      used += ref.size;
    } else if (result.why === 'offline') break;
  }
  return fetched;
}
