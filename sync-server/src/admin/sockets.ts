import type { ConnectionRegistry, Subscriber } from '../sync/connection-registry.ts';

/**
 * Closes, at once, every live socket (sync and y-websocket alike) that `match` picks; returns how
 * many. An administrator's action must take effect on the person's devices within seconds without
 * waiting for SessionWatch's next round (docs/design.md §9).
 */
export function closeSockets(
  registry: ConnectionRegistry<Subscriber>,
  match: (s: Subscriber) => boolean,
  code: number,
  reason: string,
): number {
  let closed = 0;
  for (const connection of registry.all()) {
    if (!match(connection)) continue;
    connection.close(code, reason);
    closed++;
  }
  return closed;
}

/** The close code that tells a device its session ended (the client then asks GET /api/session why). */
export const SESSION_ENDED = 4401;
/** The close code that tells a device to reconnect (its unit changed: its principals must be recomputed). */
export const RECONNECT = 1012;
