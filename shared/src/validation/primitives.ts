import * as v from 'valibot';

/**
 * The value shapes every document kind shares. Each doc file builds its schemas from these,
 * so that "an id", "a calendar date" and "a moment" mean the same thing everywhere.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const IdSchema = v.pipe(v.string(), v.regex(ID_PATTERN, 'an id is 1–64 of A–Z a–z 0–9 _ -'));

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30). */
export const CalendarDateSchema = v.pipe(
  v.string(),
  v.check(isCalendarDate, 'a date is YYYY-MM-DD and must exist in the calendar'),
);

/** Milliseconds since the epoch, as given by the injected clock. */
export const TimestampSchema = v.pipe(v.number(), v.integer(), v.minValue(0));

export const PercentSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100));

export const NonBlankSchema = v.pipe(
  v.string(),
  v.check((s) => s.trim() !== '', 'must not be blank'),
);

export function boundedText(max: number) {
  return v.pipe(v.string(), v.maxLength(max, `at most ${max} characters`));
}

export function nonBlankText(max: number) {
  return v.pipe(NonBlankSchema, v.maxLength(max, `at most ${max} characters`));
}

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): boolean {
  const match = DATE_SHAPE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
