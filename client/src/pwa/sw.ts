/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { OUTBOX_SYNC_TAG, SYNC_NOW_MESSAGE } from './background-sync.ts';
import { renewSubscription, showDueReminders } from './sw-push.ts';

const PDF_ASSETS = /^\/assets\/(issued-pdf-[\w-]+\.js|NotoSerif_[\w-]+\.ttf)$/;

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

// The app shell is precached so the app starts with no network; data never goes through here
// (it lives in IndexedDB and syncs over the socket).
cleanupOutdatedCaches();
// No directory index: '/' is a navigation like any other, answered by the shell below.
precacheAndRoute(self.__WB_MANIFEST, { directoryIndex: '' });
// The shell from the device, without the static header that index.html paints before any script:
// that header covers a network round trip on a first visit. From this cache the app paints within
// moments, and an early header would only put the app's start-up work after a first paint, where
// it reads as a page that looks ready but does not answer (docs/design.md §19).
const shell = createHandlerBoundToURL('index.html');
const STATIC_ROOT = /<div id="root">[\s\S]*?<\/div>/;
registerRoute(
  new NavigationRoute(
    async (options) => {
      const response = await shell(options);
      if (!response.ok) return response;
      const headers = new Headers(response.headers);
      headers.delete('content-length');
      const html = (await response.text()).replace(STATIC_ROOT, '<div id="root"></div>');
      return new Response(html, { status: response.status, statusText: response.statusText, headers });
    },
    { denylist: [/^\/api\//, /^\/sync/] },
  ),
);
// The issued-document PDF's code and fonts: fetched on first use, then kept (hashed names never change).
registerRoute(
  ({ url }) => url.origin === self.location.origin && PDF_ASSETS.test(url.pathname),
  new CacheFirst({ cacheName: 'document-pdf' }),
);

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// Background Sync (Chromium): the network is back while changes wait. The pages hold the
// socket and the outbox logic, so the worker wakes them; with no page open the outbox waits
// for the next start (a socket from the worker itself is not built yet).
self.addEventListener('sync', (event) => {
  const sync = event as Event & { tag: string; waitUntil(p: Promise<unknown>): void };
  if (sync.tag !== OUTBOX_SYNC_TAG) return;
  sync.waitUntil(
    self.clients.matchAll({ type: 'window' }).then((pages) => {
      for (const page of pages) page.postMessage({ type: SYNC_NOW_MESSAGE });
    }),
  );
});

// A reminder fell due while the app may be closed: the relay's push carries nothing, the
// reminders come from the device's own store (sw-push.ts, docs/design.md §16).
self.addEventListener('push', (event) => {
  event.waitUntil(showDueReminders(self));
});
self.addEventListener('pushsubscriptionchange', (event) => {
  const change = event as ExtendableEvent & { oldSubscription?: PushSubscription | null };
  change.waitUntil(renewSubscription(self, change.oldSubscription ?? null).catch(() => undefined));
});

// Reminders and urges (reminders/notify.ts): a tap opens the task or the reminders, reusing an
// open window; "remind me later" is passed to an open window, which moves the reminder in the
// person's doc (the worker holds no docs), or opens the app on the reminders to do it there.
self.addEventListener('notificationclick', (event) => {
  const data = (event.notification.data ?? {}) as { url?: string; reminderId?: string | null };
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(async (pages) => {
      const page = pages[0];
      if (event.action === 'snooze' && data.reminderId) {
        if (page) page.postMessage({ type: 'reminder-snooze', reminderId: data.reminderId });
        else await self.clients.openWindow('/reminders');
        return;
      }
      const url = data.url ?? '/';
      if (page) {
        await page.focus();
        await page.navigate(url).catch(() => undefined);
      } else await self.clients.openWindow(url);
    }),
  );
});

// The first install takes control at once; later versions wait for the user (see register-sw.ts).
clientsClaim();
