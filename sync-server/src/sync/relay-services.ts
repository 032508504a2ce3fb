import type { FanOut } from '../fanout/fan-out.ts';
import type { DocStore } from '../storage/doc-store.ts';
import type { AwarenessGuard } from './awareness-guard.ts';
import type { ConnectionRegistry, Subscriber } from './connection-registry.ts';
import type { DocHub } from './doc-hub.ts';

/** Per-connection limits on hostile or runaway input (DESIGN.md §4). */
export interface RelayLimits {
  /** Largest update accepted; bigger ones are refused with `too_large` and the socket stays open. */
  readonly maxUpdateBytes: number;
  readonly framesPerSecond: number;
  readonly frameBurst: number;
  readonly bytesPerSecond: number;
  readonly byteBurst: number;
  /** A connection refused this many frames in a row for rate is closed (1008). */
  readonly maxConsecutiveRefusals: number;
}

export const DEFAULT_LIMITS: RelayLimits = {
  maxUpdateBytes: 1024 * 1024,
  framesPerSecond: 500,
  frameBurst: 2000,
  bytesPerSecond: 4 * 1024 * 1024,
  byteBurst: 16 * 1024 * 1024,
  maxConsecutiveRefusals: 10_000,
};

/** What every connection works with, whichever endpoint it came through. */
export interface RelayServices {
  readonly hub: DocHub;
  readonly store: DocStore;
  readonly registry: ConnectionRegistry<Subscriber>;
  readonly fanOut: FanOut;
  readonly awareness: AwarenessGuard;
  readonly limits: RelayLimits;
  readonly now: () => number;
}
