import type { Principal } from '@thongsuot/shared';
import type { DocEvent, FanOut } from '../fanout/fan-out.ts';
import type { ConnectionRegistry, Subscriber } from './connection-registry.ts';
import { EventFrames } from './event-frames.ts';

function holdsAny(subscriber: Subscriber, principals: ReadonlySet<Principal>): boolean {
  return subscriber.principals.some((p) => principals.has(p));
}

/**
 * Delivers fan-out events to this node's connections by access: readers get the update, newly
 * granted readers the whole doc, and those who lost access an `unsubscribed` (docs/design.md §2, §4).
 */
export class LocalDelivery {
  readonly #stop: () => void;

  /** `onLag`: seconds from an update's publication to its frames queued on this node's sockets. */
  constructor(fanOut: FanOut, registry: ConnectionRegistry, onLag?: (seconds: number) => void) {
    this.#stop = fanOut.subscribe((event) => {
      LocalDelivery.deliver(event, registry);
      if (onLag && event.kind === 'update' && event.publishedAt !== undefined) {
        onLag(Math.max(0, Date.now() - event.publishedAt) / 1000);
      }
    });
  }

  static deliver(event: DocEvent, registry: ConnectionRegistry): void {
    const frames = new EventFrames(event);
    if (event.kind === 'awareness') {
      for (const s of registry.subscribersOf(event.docId)) {
        if (s.id !== event.originId) s.deliver(event, frames, false);
      }
      return;
    }
    const before = new Set(event.readersBefore);
    const after = new Set(event.readersAfter);
    const reached = registry.reachedBy(event.readersBefore === event.readersAfter ? after : [...before, ...after]);
    for (const s of reached) {
      const now = holdsAny(s, after);
      const had = holdsAny(s, before);
      if (!now) {
        if (had) s.revoke(event.docId);
        continue;
      }
      if (s.id === event.originId || (had && event.accessOnly)) continue;
      s.deliver(event, frames, !had && event.fullState !== null);
    }
  }

  close(): void {
    this.#stop();
  }
}
