import type { LocalDb } from '../store/local-db.ts';

const REFRESH_AFTER_MS = 6 * 60 * 60 * 1000;

/**
 * Refreshes the directory copy when it is missing or older than a few hours: 50,000 people are
 * not rewritten on every start. Loaded on demand, so it stays out of the first render.
 */
export async function refreshDirectoryIfStale(db: LocalDb, now: () => number = Date.now): Promise<boolean> {
  const refreshedAt = await db.getMeta<number>('directoryRefreshedAt').catch(() => undefined);
  if (refreshedAt !== undefined && now() - refreshedAt < REFRESH_AFTER_MS) return false;
  const { refreshDirectory } = await import('./directory-cache.ts');
  return refreshDirectory(db, now);
}
