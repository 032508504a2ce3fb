/**
 * The inbox is the first screen, read from IndexedDB while the app starts. The rest of the start
 * (the sync engine and Yjs, reminders, notifications) would compete with it for the main thread
 * and the database, so it waits until the inbox has rendered its rows: at most `LATEST_MS`, and
 * not at all when the app opens on another page.
 */
const LATEST_MS = 1_000;

/** One app start's "first screen" state; the app has one (below), tests make their own. */
export class FirstScreen {
  #shown = false;
  readonly #waiting = new Set<() => void>();

  /** Called by the inbox once its first rows are on screen. */
  shown(): void {
    this.#shown = true;
    for (const resolve of this.#waiting) resolve();
    this.#waiting.clear();
  }

  /** Resolves once the first screen is shown (or at once if the app did not open on the inbox). */
  after(path = globalThis.location?.pathname ?? '/'): Promise<void> {
    if (this.#shown || path !== '/') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, LATEST_MS);
      this.#waiting.add(done);
    });
  }
}

const app = new FirstScreen();
export const firstScreenShown = (): void => app.shown();
export const afterFirstScreen = (path?: string): Promise<void> => app.after(path);
