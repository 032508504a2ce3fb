import type { FanOut } from '../fanout/fan-out.ts';
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
