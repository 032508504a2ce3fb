/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { configDefaults } from 'vitest/config';

const here = new URL('.', import.meta.url).pathname;

/**
 * The entry's stylesheet inlined in index.html: a first visit over a phone network then paints
 * the shell's header after one round trip, not two (docs/design.md §19). A disabled link to the
 * same file stays, which the browser does not fetch, so that Vite's loader of lazy chunks sees the
 * stylesheet as present and does not add it a second time. The relay allows the inline style by
 * its hash (sync-server/src/plugins/static-files.ts).
 */
function inlineEntryCss(): Plugin {
  return {
    name: 'thongsuot:inline-entry-css',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        return html.replace(/<link rel="stylesheet"[^>]*href="\/(assets\/[^"]+\.css)"[^>]*>/g, (tag, file: string) => {
          const asset = bundle?.[file];
          if (asset?.type !== 'asset') return tag;
          return `<style>${String(asset.source)}</style><link rel="stylesheet" href="/${file}" disabled>`;
        });
      },
    },
  };
}

const CRASH_TEST = 'sync-server/src/storage/crash-durability.test.ts';
/** Relay files that time the relay itself (latency under a flood, sign-in refusals, the apply time limit). */
const RELAY_ALONE = [
  'sync-server/src/sync/frame-budget.test.ts',
  'sync-server/src/plugins/sign-in-timing.test.ts',
  'sync-server/src/engine/apply-worker.test.ts',
];

// One config for the PWA build (root: client/) and for every test project.
export default defineConfig({
  root: `${here}client`,
  build: {
    outDir: `${here}client/dist`,
    emptyOutDir: true,
    target: 'es2022',
    // Vite announces each lazy chunk's imports with a <link rel=modulepreload>, so that a network
    // fetches them side by side. Only the entry's import of the app gains from it: a first visit
    // fetches the app over the network while the person types. Inside the app the chunks come
    // from the service worker's cache, where the links only cost: inserting them blocked a
    // slowed phone's main thread 50–150 ms after the first paint (docs/design.md §19). A chunk's
    // CSS is still loaded with it.
    modulePreload: {
      resolveDependencies: (_file, deps, { hostId }) => (/^assets\/index-[\w-]+\.js$/.test(hostId) ? deps : []),
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/sync': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
  plugins: [
    react(),
    inlineEntryCss(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/pwa',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      // The PDF export's code and fonts (documents/issued-pdf.ts, ~2 MB) are not in the install:
      // a first visit on a weak network must not wait for them. The worker caches them on first
      // use (pwa/sw.ts), and an issued document's page warms that cache while online.
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // The install prompt's screenshots are for the store-like sheet, not for offline use.
        globIgnores: ['**/issued-pdf-*.js', 'screenshots/**'],
      },
      manifest: {
        name: 'Thông Suốt — Điều hành thông suốt',
        short_name: 'Thông Suốt',
        description:
          'Nhắc việc, giao việc, danh bạ và trao đổi công việc của chính quyền thành phố — cả khi không có mạng.',
        lang: 'vi',
        // A stable identity: the app stays the same installed app whatever start_url becomes.
        id: '/',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#b71c1c',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        // Long-press on the home-screen icon: straight to the inbox or to a new directive.
        shortcuts: [
          {
            name: 'Việc đến',
            short_name: 'Việc đến',
            description: 'Những việc đang chờ bạn',
            url: '/',
            icons: [{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' }],
          },
          {
            name: 'Giao việc',
            short_name: 'Giao việc',
            description: 'Giao một nhiệm vụ mới',
            url: '/tasks/new',
            icons: [{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' }],
          },
        ],
        // The richer install sheet on Android and desktop Chrome shows these.
        screenshots: [
          {
            src: '/screenshots/inbox-phone.webp',
            sizes: '720x1480',
            type: 'image/webp',
            form_factor: 'narrow',
            label: 'Việc đến trên điện thoại',
          },
          {
            src: '/screenshots/dashboard-desktop.webp',
            sizes: '1280x800',
            type: 'image/webp',
            form_factor: 'wide',
            label: 'Số liệu chỉ đạo, điều hành trên máy tính',
          },
        ],
      },
    }),
  ],
  test: {
    projects: [
      { test: { name: 'shared', root: here, include: ['shared/src/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'sync-server',
          root: here,
          include: ['sync-server/src/**/*.test.ts'],
          exclude: [...configDefaults.exclude, CRASH_TEST, ...RELAY_ALONE],
          environment: 'node',
          // One relay file at a time, in one worker that loads the relay's modules once, not once
          // per file (two seconds a file); no test mocks a module. Every file here keeps the two
          // cores busy: two at once, or beside the crash test, made the timing-sensitive ones
          // (apply time limit, compaction, latency under a flood) and even 5-second tests fail.
          fileParallelism: false,
          isolate: false,
        },
      },
      {
        // The 200 kill -9 cycles and the files that time the relay itself, each in a fresh worker.
        test: {
          name: 'relay-alone',
          root: here,
          include: [CRASH_TEST, ...RELAY_ALONE],
          environment: 'node',
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'client',
          root: here,
          include: ['client/src/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: ['client/src/test-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          root: here,
          include: ['e2e/**/*.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 120_000,
          // One browser file at a time: a file keeps its Chromium, its relay and its load busy
          // (two at once took each two to three times as long, so nothing was gained).
          fileParallelism: false,
        },
      },
    ],
  },
});
