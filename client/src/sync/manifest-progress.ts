/**
 * The docs a connection's manifest listed that have not arrived yet, and how far along that is:
 * the sync is complete for this connection only when none is awaited, and the UI shows the
 * progress of a first sync (docs/design.md §2, §6).
 */
export class ManifestProgress {
  #awaiting = new Set<string>();
  #total = 0;
  #reported = -1;
  #waiters: { docIds: readonly string[]; resolve: (arrived: boolean) => void }[] = [];

  /** A new manifest: every doc it lists is awaited. Whoever waited on the last one is let go. */
  start(docIds: readonly string[]): void {
    this.#awaiting = new Set(docIds);
    this.#total = docIds.length;
    this.#reported = -1;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.resolve(false);
  }

  /** A doc arrived (or the server had nothing to send); true if the manifest awaited it. */
  arrived(docId: string): boolean {
    if (!this.#awaiting.delete(docId)) return false;
    if (this.#waiters.length > 0) {
      this.#waiters = this.#waiters.filter((waiter) => {
        if (waiter.docIds.some((id) => this.#awaiting.has(id))) return true;
        waiter.resolve(true);
        return false;
      });
    }
    return true;
  }

  /**
   * Resolves true once none of these docs is awaited any more; false if a new manifest (a new
   * connection) came first.
   */
  whenArrived(docIds: readonly string[]): Promise<boolean> {
    if (!docIds.some((id) => this.#awaiting.has(id))) return Promise.resolve(true);
    return new Promise((resolve) => this.#waiters.push({ docIds, resolve }));
  }

  awaits(docId: string): boolean {
    return this.#awaiting.has(docId);
  }

  get pending(): number {
    return this.#awaiting.size;
  }

  awaited(): Iterable<string> {
    return this.#awaiting;
  }

  /**
   * What to show now, every 50 docs and at both ends so a 20,000-doc first sync does not render
   * 20,000 times; null when nothing new is worth showing.
   */
  report(): { received: number; total: number } | null {
    if (this.#total === 0) return null;
    const received = this.#total - this.#awaiting.size;
    if (received !== this.#total && received !== 0 && received - this.#reported < 50) return null;
    this.#reported = received;
    return { received, total: this.#total };
  }
}
