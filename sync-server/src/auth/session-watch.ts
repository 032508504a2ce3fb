import type { AccountStore } from '../storage/account-store.ts';
import type { ConnectionRegistry, Subscriber } from '../sync/connection-registry.ts';

/**
 * Closes the sockets of sessions that were revoked, expired, or whose person was disabled
 * (docs/design.md §9: within seconds). Sign-out closes at once; this catches every other path,
 * such as an administrator revoking a session directly.
 */
export class SessionWatch {
  readonly #accounts: AccountStore;
  readonly #registry: ConnectionRegistry<Subscriber>;
  readonly #now: () => number;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(accounts: AccountStore, registry: ConnectionRegistry<Subscriber>, now: () => number) {
    this.#accounts = accounts;
    this.#registry = registry;
    this.#now = now;
  }

  start(intervalMs: number): void {
    this.#timer = setInterval(() => this.check(), intervalMs);
    this.#timer.unref?.();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  /** Checks every live session once; returns how many connections were closed. */
  check(): number {
    const now = this.#now();
    const valid = new Map<string, boolean>();
    let closed = 0;
    for (const connection of this.#registry.all()) {
      let ok = valid.get(connection.sessionHash);
      if (ok === undefined) {
        ok = this.#accounts.session(connection.sessionHash, now) !== null;
        valid.set(connection.sessionHash, ok);
      }
      if (!ok) {
        connection.close(4401, 'session ended');
        closed++;
      }
    }
    return closed;
  }
}
