import * as v from 'valibot';
import { VIETNAM_OFFSET_MS } from './vietnam-time.ts';

/**
 * The months a conversation's messages are filed by (`YYYYMM`, Vietnam time). Its own file so
 * the read marker (message.ts) can name a month without importing the log (which imports it).
 */

export const PERIOD_PATTERN = /^\d{4}(0[1-9]|1[0-2])$/;

export const PeriodSchema = v.pipe(v.string(), v.regex(PERIOD_PATTERN, 'a period is YYYYMM'));

/**
 * Where the messages of a conversation's head doc (`conv/<id>`, written before the history moved
 * to monthly logs) sit in the order: before every month.
 */
export const HEAD_PERIOD = '';

/** The month (`YYYYMM`, Vietnam time) a message written at `at` belongs to. */
export function messagePeriod(at: number): string {
  const d = new Date(at + VIETNAM_OFFSET_MS);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The month before `period`. */
export function previousPeriod(period: string): string {
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(4, 6));
  return month === 1 ? `${year - 1}12` : `${year}${String(month - 1).padStart(2, '0')}`;
}
