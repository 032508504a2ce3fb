/**
 * Reconnect delays: exponential with full jitter, so that a ward's worth of phones coming back
 * at once after an outage do not reconnect in lockstep. `random` is injected for tests.
 */
export function reconnectDelay(attempt: number, random: () => number, baseMs = 500, maxMs = 15_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(baseMs / 2 + random() * (ceiling - baseMs / 2));
}
