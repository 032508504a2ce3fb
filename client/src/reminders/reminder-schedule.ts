import type { ReminderRow } from '../store/local-db.ts';

/** How long "remind me later" waits. */
export const SNOOZE_MS = 10 * 60 * 1000;

/** Reminders to fire now on this device: due, not done, not already fired for this due time. */
export function dueNow(rows: readonly ReminderRow[], now: number): ReminderRow[] {
  return rows.filter((r) => !r.done && r.dueAt <= now && r.firedFor !== r.dueAt);
}

/** When the next reminder falls due, or null if none waits. */
export function nextDueAt(rows: readonly ReminderRow[], now: number): number | null {
  let next: number | null = null;
  for (const r of rows) {
    if (r.done || r.dueAt <= now || r.firedFor === r.dueAt) continue;
    if (next === null || r.dueAt < next) next = r.dueAt;
  }
  return next;
}

/** Timers cap at ~24.8 days in browsers; a far reminder is re-checked instead. */
export function timerDelay(nextAt: number, now: number): number {
  return Math.min(Math.max(0, nextAt - now), 2 ** 31 - 1);
}
