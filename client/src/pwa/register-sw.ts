import { Workbox } from 'workbox-window';

export type UpdatePrompt = (apply: () => void) => void;

const CHECK_EVERY_MS = 60 * 60 * 1000;

/**
 * Registers the service worker. A new version waits until the user agrees to it, and only then
 * does the page reload: unsynced work lives in the IndexedDB outbox, which the new version opens
 * as it is (Dexie schema upgrades keep every table), so nothing waiting is lost.
 * Returns a function that stops the update checks.
 */
export function registerServiceWorker(onUpdateAvailable: UpdatePrompt): () => void {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return () => undefined;
  const wb = new Workbox('/sw.js');
  wb.addEventListener('waiting', () => {
    onUpdateAvailable(() => {
      wb.addEventListener('controlling', () => window.location.reload());
      wb.messageSkipWaiting();
    });
  });
  void wb.register();
  // Besides each navigation, look for a new version when the network returns and now and then.
  const check = (): void => {
    if (navigator.onLine) void wb.update().catch(() => undefined);
  };
  const timer = setInterval(check, CHECK_EVERY_MS);
  window.addEventListener('online', check);
  return () => {
    clearInterval(timer);
    window.removeEventListener('online', check);
  };
}
