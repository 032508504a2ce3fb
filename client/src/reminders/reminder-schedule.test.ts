import { describe, expect, it } from 'vitest';
import { dueNow, nextDueAt, timerDelay } from './reminder-schedule.ts';

const rows = [
  { id: 'a', text: 'Gọi phường', dueAt: 1_000, done: false },
  { id: 'b', text: 'Đã xong', dueAt: 500, done: true },
  { id: 'c', text: 'Đã nhắc', dueAt: 800, done: false, firedFor: 800 },
  { id: 'd', text: 'Báo lại', dueAt: 5_000, done: false, firedFor: 800 },
];

describe('reminder schedule', () => {
  it('fires what is due, not done and not fired for this due time (a snooze re-arms)', () => {
    expect(dueNow(rows, 1_000).map((r) => r.id)).toEqual(['a']);
    expect(dueNow(rows, 6_000).map((r) => r.id)).toEqual(['a', 'd']);
  });

  it('knows when the next one falls due', () => {
    expect(nextDueAt(rows, 0)).toBe(1_000);
    expect(nextDueAt(rows, 1_000)).toBe(5_000);
    expect(nextDueAt(rows, 9_000)).toBeNull();
    expect(timerDelay(10 ** 13, 0)).toBe(2 ** 31 - 1);
  });
});
