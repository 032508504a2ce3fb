import type { Principal } from '@thongsuot/shared';

export interface Subscriber {
  readonly principals: readonly Principal[];
  send(frame: Uint8Array): void;
}

/** Live connections indexed by principal, so a commit reaches exactly the people who may read it. */
export class ConnectionRegistry<S extends Subscriber = Subscriber> {
  readonly #byPrincipal = new Map<Principal, Set<S>>();

  add(subscriber: S): void {
    for (const p of subscriber.principals) {
      let set = this.#byPrincipal.get(p);
      if (!set) {
        set = new Set();
        this.#byPrincipal.set(p, set);
      }
      set.add(subscriber);
    }
  }

  remove(subscriber: S): void {
    for (const p of subscriber.principals) {
      const set = this.#byPrincipal.get(p);
      set?.delete(subscriber);
      if (set?.size === 0) this.#byPrincipal.delete(p);
    }
  }

  reachedBy(principals: Iterable<Principal>): Set<S> {
    const result = new Set<S>();
    for (const p of principals) {
      for (const s of this.#byPrincipal.get(p) ?? []) result.add(s);
    }
    return result;
  }

  all(): Set<S> {
    const all = new Set<S>();
    for (const set of this.#byPrincipal.values()) for (const s of set) all.add(s);
    return all;
  }
}
