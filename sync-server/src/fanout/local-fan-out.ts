import type { DocEvent, FanOut } from './fan-out.ts';

/** Fan-out inside one process: events reach every listener synchronously, in publish order. */
export class LocalFanOut implements FanOut {
  readonly #listeners = new Set<(event: DocEvent) => void>();
  #closed = false;

  publish(event: DocEvent): void {
    if (this.#closed) return;
    for (const listener of this.#listeners) listener(event);
  }

  subscribe(listener: (event: DocEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
  }
}
