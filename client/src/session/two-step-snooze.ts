/**
 * "Later" on the two-step reminder (session/TwoStepNotice.tsx) hides it for a day: the deadline is
 * days away, and it must not be forgotten. The shell reads it before the notice's code has loaded,
 * to keep the notice's room (shell/Shell.tsx).
 */
const SNOOZED_AT = 'thongsuot.twoStepNotice';
const SNOOZE_MS = 86_400_000;

export function twoStepSnoozed(): boolean {
  return Date.now() - Number(localStorage.getItem(SNOOZED_AT) ?? 0) < SNOOZE_MS;
}

export function snoozeTwoStep(): void {
  localStorage.setItem(SNOOZED_AT, String(Date.now()));
}
