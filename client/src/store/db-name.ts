/**
 * The name of one person's IndexedDB database on this device (store/local-db.ts). Its own
 * module so the service worker finds the reminders without loading Dexie (pwa/sw-push.ts).
 */
export const LOCAL_DB_PREFIX = 'thongsuot-';

export function localDbName(userId: string): string {
  return `${LOCAL_DB_PREFIX}${userId}`;
}
