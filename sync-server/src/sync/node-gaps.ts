import type { FanOut } from '../fanout/fan-out.ts';
import type { DocStore } from '../storage/doc-store.ts';
import type { ConnectionRegistry, Subscriber } from './connection-registry.ts';

/** How many docs' last heard numbers a node keeps; the least recently heard go first. */
const REMEMBERED = 100_000;
/** Application close code for "reconnect now": the device comes back and catches up by its cursor. */
const CATCH_UP = 1012;

/**
 * Late, never lost, on several nodes (docs/scale-out.md). A device hears of other nodes' commits
 * only through the fan-out; its cursor moves only with a manifest. So a node that may have
 * missed a message sends the devices that could have needed it away to reconnect: they come
 * back with their cursor, and the manifest lists what changed since.
 * - Redis told the node it lost its subscription (`onMissed`, after any reconnection): every
 *   device on the node.
 * - A doc's event follows a number this node never heard (`prevSeq` above the last heard): the
 *   devices that may read that doc.
 */
export function watchGaps(fanOut: FanOut, registry: ConnectionRegistry): () => void {
  const heard = new Map<string, number>();
  const sendAway = (subscribers: Iterable<Subscriber>): void => {
    for (const s of subscribers) s.close(CATCH_UP, 'missed updates');
  };
  const stopEvents = fanOut.subscribe((event) => {
    if (event.kind !== 'update') return;
    const last = heard.get(event.docId);
    if (last !== undefined && event.prevSeq !== undefined && event.prevSeq > last) {
      sendAway(registry.reachedBy(new Set(event.readersAfter)));
    }
    if (last === undefined || event.seq > last) {
      // Most recently heard last: the map's order is the order to forget in.
      heard.delete(event.docId);
      heard.set(event.docId, event.seq);
      if (heard.size > REMEMBERED) heard.delete(heard.keys().next().value as string);
    }
  });
  const stopMissed = fanOut.onMissed?.(() => sendAway(registry.all())) ?? (() => undefined);
  return () => {
    stopEvents();
    stopMissed();
  };
}

/** A committed update no event announced this long after its batch was written is taken as never announced. */
export const SILENT_AFTER_MS = 3000;
/** How often a node compares the store's commits with the events it heard. */
const SILENT_CHECK_MS = 2000;
const SILENT_PAGE = 5000;

/**
 * A node that dies between a commit and its announcement (SIGKILL, a power cut) leaves the
 * commit stored but unannounced: a device on another node that stays connected would not hear of
 * it until it reconnects. Every node compares the numbers committed to the store with the
 * events it heard; a commit unannounced `SILENT_AFTER_MS` after its batch was written sends the
 * devices that may read its doc away to catch up by their cursor (docs/scale-out.md).
 */
export function watchSilentCommits(
  store: DocStore,
  fanOut: FanOut,
  registry: ConnectionRegistry,
  now: () => number,
  everyMs = SILENT_CHECK_MS,
): () => void {
  const committedAfter = store.committedAfter?.bind(store);
  if (!committedAfter) return () => undefined;
  const heard = new Set<number>();
  /** Every number up to it is settled: heard, or acted on. Null until read at start. */
  let floor: number | null = null;
  const stopEvents = fanOut.subscribe((event) => {
    if (event.kind === 'update' && (floor === null || event.seq > floor)) heard.add(event.seq);
  });
  let checking = false;
  const check = async (): Promise<void> => {
    if (checking) return;
    checking = true;
    try {
      // Commits before the node started are the devices' cursors' business.
      if (floor === null) floor = (await store.changedSince([], 0)).cursor;
      const rows = await committedAfter(floor, SILENT_PAGE);
      const cutoff = now() - SILENT_AFTER_MS;
      const silent = new Set<string>();
      let settled = floor;
      // In order, up to the first commit still young enough to be announced.
      for (const row of rows) {
        if (row.at > cutoff && !heard.has(row.seq)) break;
        if (!heard.has(row.seq)) silent.add(row.docId);
        settled = row.seq;
      }
      for (const seq of heard) if (seq <= settled) heard.delete(seq);
      floor = settled;
      // While the subscription is down, what was missed is everyone's: `onMissed` sends every
      // device away once it is back.
      if (fanOut.listening?.() === false) return;
      for (const docId of silent) {
        const readers = new Set(await store.readersOf(docId));
        for (const s of registry.reachedBy(readers)) s.close(CATCH_UP, 'missed updates');
      }
    } catch {
      // Storage unreachable: the next check tries again.
    } finally {
      checking = false;
    }
  };
  // The floor is read at once: a commit made after the node started is never taken for one before.
  void check();
  const timer = setInterval(() => void check(), everyMs);
  timer.unref?.();
  return () => {
    clearInterval(timer);
    stopEvents();
  };
}
