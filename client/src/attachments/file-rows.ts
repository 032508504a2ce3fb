import type { LocalDb } from '../store/local-db.ts';

// Kept apart from attachment-store.ts: the upload queue starts with the app and must not pull the
// model's schemas (valibot) into the first screen's JavaScript.

/** The server holds the whole file: it may now be evicted like any cached file. */
export async function markOnServer(db: LocalDb, sha256: string): Promise<void> {
  await db.transaction('rw', db.blobs, db.uploads, async () => {
    await db.blobs.update(sha256, { onServer: 1 });
    await db.uploads.delete(sha256);
  });
}
