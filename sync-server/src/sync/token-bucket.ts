/**
 * A rate limit: `capacity` tokens, refilled at `perSecond`. The clock is injected so tests
 * control time instead of sleeping.
 */
export class TokenBucket {
  readonly #capacity: number;
  readonly #perMs: number;
  readonly #now: () => number;
  #tokens: number;
  #at: number;

  constructor(capacity: number, perSecond: number, now: () => number) {
    this.#capacity = capacity;
    this.#perMs = perSecond / 1000;
    this.#now = now;
    this.#tokens = capacity;
    this.#at = now();
  }

  /** Takes `cost` tokens if there are enough; false (and nothing taken) otherwise. */
  take(cost = 1): boolean {
    const now = this.#now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#at) * this.#perMs);
    this.#at = now;
    if (this.#tokens < cost) return false;
    this.#tokens -= cost;
    return true;
  }

  /**
   * Takes `cost` tokens and returns 0 if there are enough; otherwise takes nothing and returns
   * the milliseconds until there will be (never more than the bucket holds are asked for).
   */
  delay(cost: number): number {
    if (this.take(cost)) return 0;
    return Math.ceil((cost - this.#tokens) / this.#perMs);
  }
}
