import { expect, it } from 'vitest';
import { reconnectDelay } from './backoff.ts';

it('grows exponentially up to the cap and spreads retries with jitter', () => {
  expect(reconnectDelay(0, () => 0)).toBe(250);
  expect(reconnectDelay(0, () => 1)).toBe(500);
  expect(reconnectDelay(3, () => 1)).toBe(4000);
  expect(reconnectDelay(30, () => 1)).toBe(15_000);
  const spread = new Set(Array.from({ length: 50 }, (_, i) => reconnectDelay(5, () => i / 50)));
  expect(spread.size).toBe(50);
});
