/**
 * The work queue of a background keeper (case groups, deliveries): one job at a time, in the
 * order heard; a doc already waiting is not queued twice (a burst of updates is followed once);
 * nothing runs after `stop`. `idle` resolves once everything queued so far has run (for tests).
 */
export class KeeperQueue {
  readonly #label: string;
  readonly #waiting = new Set<string>();
  #chain: Promise<void> = Promise.resolve();
  #stopped = false;

  /** `label` names the failure in the console ("delivery not recorded"). */
  constructor(label: string) {
    this.#label = label;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Runs `job` for the doc after what is queued, unless it is waiting already or the keeper stopped. */
  schedule(docId: string, job: (docId: string) => Promise<void>): void {
    if (this.#stopped || this.#waiting.has(docId)) return;
    this.#waiting.add(docId);
    this.#chain = this.#chain
      .then(() => {
        this.#waiting.delete(docId);
        return this.#stopped ? undefined : job(docId);
      })
      .catch((error: unknown) => console.error(this.#label, error));
  }

  /** Runs `job` after what is queued (a sweep on start). */
  after(job: () => Promise<void>, label: string): void {
    this.#chain = this.#chain.then(job).catch((error: unknown) => console.error(label, error));
  }

  async idle(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.#chain) {
      seen = this.#chain;
      await this.#chain;
    }
  }

  stop(): void {
    this.#stopped = true;
  }
}
