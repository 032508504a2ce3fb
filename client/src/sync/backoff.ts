/**
 * Reconnect delays: exponential with full jitter, so that a ward's worth of phones coming back
 * at once after an outage do not reconnect in lockstep. `random` is injected for tests.
 */
export function reconnectDelay(attempt: number, random: () => number, baseMs = 500, maxMs = 15_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(baseMs / 2 + random() * (ceiling - baseMs / 2));
}

/**
 * One pending retry at a time, each later than the last (`reconnectDelay`) until `reset` says the
 * thing retried went through.
 */
export class BackoffTimer {
  readonly #run: () => void;
  readonly #random: () => number;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #attempt = 0;

  constructor(run: () => void, random: () => number) {
    this.#run = run;
    this.#random = random;
  }

  /** Runs later, unless a run is already pending. */
  schedule(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        this.#run();
      },
      reconnectDelay(this.#attempt++, this.#random),
    );
  }

  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  reset(): void {
    this.#attempt = 0;
  }
}
