import { INITIAL_STATUS, type SyncStatus } from './sync-status.ts';

/** What the UI may ask of the sync engine, wherever in the browser it runs. */
export interface SyncControl {
  syncNow(): void;
  clearRefusal(): void;
}

/**
 * The sync state the shell shows. It exists from the first render, before the sync engine (Yjs,
 * the socket) has loaded, and is fed by whichever tab holds the device's connection.
 */
export class SyncStatusStore implements SyncControl {
  #status: SyncStatus = INITIAL_STATUS;
  #control: SyncControl | null = null;
  #wantsSync = false;
  readonly #listeners = new Set<() => void>();

  get status(): SyncStatus {
    return this.#status;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  set(status: SyncStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    for (const listener of this.#listeners) listener();
  }

  /** Connects the buttons to the engine; a "sync now" pressed before it loaded is not lost. */
  attach(control: SyncControl | null): void {
    this.#control = control;
    if (control && this.#wantsSync) {
      this.#wantsSync = false;
      control.syncNow();
    }
  }

  syncNow(): void {
    if (this.#control) this.#control.syncNow();
    else this.#wantsSync = true;
  }

  clearRefusal(): void {
    this.#control?.clearRefusal();
  }
}
