import { Workbox } from 'workbox-window';

export type UpdatePrompt = (apply: () => void) => void;

/**
 * Registers the service worker. A new version waits until the user agrees to it: unsynced
 * work lives in IndexedDB, so reloading then loses nothing, but we still never reload on our own.
 */
export function registerServiceWorker(onUpdateAvailable: UpdatePrompt): void {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
  const wb = new Workbox('/sw.js');
  wb.addEventListener('waiting', () => {
    onUpdateAvailable(() => {
      wb.addEventListener('controlling', () => window.location.reload());
      wb.messageSkipWaiting();
    });
  });
  void wb.register();
}
