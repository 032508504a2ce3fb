import { randomBytes } from 'node:crypto';
import type { Principal } from '@thongsuot/shared';
import type { DocEvent } from '../fanout/fan-out.ts';
import type { EventFrames } from './event-frames.ts';

/** This process's mark in its connections' ids: several relay nodes share one fan-out. */
const NODE_MARK = randomBytes(4).toString('hex');
let nextConnection = 1;

/**
 * A connection id no other node gives: events carry the id of the connection a change came from,
 * and every node skips that connection when it delivers (docs/scale-out.md). Ids counted per
 * process made a device on another node with the same number miss every change from this one.
 */
export function connectionId(kind: 'm' | 'y'): string {
  return `${kind}${nextConnection++}.${NODE_MARK}`;
}

/** A live connection, of either endpoint, as fan-out sees it. */
export interface Subscriber {
  /** Unique on this node; events carry the id of the connection they came from. */
  readonly id: string;
  readonly principals: readonly Principal[];
  readonly sessionHash: string;
  readonly userId: string;
  /** `full` = the person just gained access: send the whole doc, not only the change. */
  deliver(event: DocEvent, frames: EventFrames, full: boolean): void;
  /** The person may no longer read the doc. */
  revoke(docId: string): void;
  close(code: number, reason: string): void;
}

/**
 * Live connections indexed by principal (for updates: a commit reaches exactly the people who
 * may read it) and by subscribed doc (for awareness: presence goes to those looking at it).
 */
export class ConnectionRegistry<S extends Subscriber = Subscriber> {
  readonly #byPrincipal = new Map<Principal, Set<S>>();
  readonly #byDoc = new Map<string, Set<S>>();
  readonly #docsOf = new Map<S, Set<string>>();

  get size(): number {
    return this.#docsOf.size;
  }

  add(subscriber: S): void {
    this.#docsOf.set(subscriber, new Set());
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
    for (const docId of this.#docsOf.get(subscriber) ?? []) this.unsubscribe(subscriber, docId);
    this.#docsOf.delete(subscriber);
  }

  subscribe(subscriber: S, docId: string): void {
    const docs = this.#docsOf.get(subscriber);
    if (!docs || docs.has(docId)) return;
    docs.add(docId);
    let set = this.#byDoc.get(docId);
    if (!set) {
      set = new Set();
      this.#byDoc.set(docId, set);
    }
    set.add(subscriber);
  }

  unsubscribe(subscriber: S, docId: string): void {
    this.#docsOf.get(subscriber)?.delete(docId);
    const set = this.#byDoc.get(docId);
    set?.delete(subscriber);
    if (set?.size === 0) this.#byDoc.delete(docId);
  }

  isSubscribed(subscriber: S, docId: string): boolean {
    return this.#docsOf.get(subscriber)?.has(docId) ?? false;
  }

  subscribersOf(docId: string): ReadonlySet<S> {
    return this.#byDoc.get(docId) ?? new Set();
  }

  reachedBy(principals: Iterable<Principal>): Set<S> {
    const result = new Set<S>();
    for (const p of principals) {
      for (const s of this.#byPrincipal.get(p) ?? []) result.add(s);
    }
    return result;
  }

  all(): S[] {
    return [...this.#docsOf.keys()];
  }
}
