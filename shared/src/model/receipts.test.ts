import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { afterDeadline, decidingTime, RECEIVED_ROOT, readReceipts, timesDisagree, vietnamDate } from './receipts.ts';

describe('times the relay vouches for', () => {
  it('decides by the relay’s receipt once there is one, by the device until then', () => {
    expect(decidingTime({ device: 1_000, relay: null })).toBe(1_000);
    expect(decidingTime({ device: 1_000, relay: 9_000 })).toBe(9_000);
  });

  it('shows both times only when they differ by more than five minutes', () => {
    expect(timesDisagree({ device: 0, relay: null })).toBe(false);
    expect(timesDisagree({ device: 0, relay: 5 * 60_000 })).toBe(false);
    expect(timesDisagree({ device: 0, relay: 5 * 60_000 + 1 })).toBe(true);
    expect(timesDisagree({ device: 5 * 60_000 + 1, relay: 0 })).toBe(true);
  });

  it('counts deadlines in Vietnam’s calendar whatever the device’s time zone', () => {
    // 23:30 on 30 Nov UTC is already 1 Dec in Vietnam.
    const at = Date.UTC(2026, 10, 30, 23, 30);
    expect(vietnamDate(at)).toBe('2026-12-01');
    expect(afterDeadline(at, '2026-11-30')).toBe(true);
    expect(afterDeadline(Date.UTC(2026, 10, 30, 16, 59), '2026-11-30')).toBe(false);
  });

  it('reads only well-formed receipts', () => {
    const doc = new Y.Doc();
    const received = doc.getMap(RECEIVED_ROOT);
    received.set('reports/r1', 1_700_000_000_000);
    received.set('reports/r2', 'yesterday');
    expect([...readReceipts(doc)]).toEqual([['reports/r1', 1_700_000_000_000]]);
  });
});
