/**
 * The inbox is the first screen, read from IndexedDB while the app starts. The rest of the start
 * (the sync engine and Yjs, reminders, notifications) would compete with it for the main thread
 * and the database, so it waits until the inbox has rendered its rows: at most `LATEST_MS`, and
 * not at all when the app opens on another page.
 */
const LATEST_MS = 1_000;

let shown = false;
const waiting = new Set<() => void>();

/** Called by the inbox once its first rows are on screen. */
export function firstScreenShown(): void {
  shown = true;
  for (const resolve of waiting) resolve();
  waiting.clear();
}

/** Resolves once the first screen is shown (or at once if the app did not open on the inbox). */
export function afterFirstScreen(path = globalThis.location?.pathname ?? '/'): Promise<void> {
  if (shown || path !== '/') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      waiting.delete(done);
      resolve();
    };
    const timer = setTimeout(done, LATEST_MS);
    waiting.add(done);
  });
}
