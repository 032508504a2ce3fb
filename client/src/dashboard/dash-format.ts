import { vietnamClock, vietnamDate } from '@thongsuot/shared/model/receipts';
import { formatNumber } from '../i18n/i18n.ts';

/**
 * How the dashboard writes its figures (docs/design.md §14): times in Vietnam time (UTC+7) whatever
 * the device's zone, since the relay computed the figures for Vietnamese calendar days; shares and
 * day counts in the person's locale.
 */

/** `dd/MM/yyyy` of a calendar date (`YYYY-MM-DD`). */
export function dayMonthYear(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

/** `dd/MM` of a calendar date (`YYYY-MM-DD`): a week's Monday on a chart. */
export function dayMonth(isoDate: string): string {
  return dayMonthYear(isoDate).slice(0, 5);
}

/** When figures were computed: the time, and the date when it is not today (Vietnam calendar). */
export function stampOf(computedAt: number, now: number): { time: string; date: string | null } {
  const day = vietnamDate(computedAt);
  return { time: vietnamClock(computedAt), date: day === vietnamDate(now) ? null : dayMonthYear(day) };
}

/** A share (0..1) as a percent, one decimal at most: "85,3%". */
export function formatPercent(share: number): string {
  return `${formatNumber(share, { maxDigits: 1, scale: 2 })}%`;
}

/** A number of days with one decimal: "2,5". */
export function formatDays(days: number): string {
  return formatNumber(days, { minDigits: 1, maxDigits: 1 });
}

/** A change of rate in percentage points, signed: "+3,2", "−1,5", "0". */
export function formatPoints(points: number): string {
  const text = formatNumber(Math.abs(points), { maxDigits: 1 });
  if (text === '0') return text;
  return `${points > 0 ? '+' : '−'}${text}`;
}
