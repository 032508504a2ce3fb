// Vietnam's calendar and clock, with no dependencies: the app's first screen formats with them,
// and importing them must not pull a schema library into its initial script.

/** Vietnam's time (UTC+7, no daylight saving): the calendar deadlines are counted in. */
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The calendar date (`YYYY-MM-DD`, Vietnam time) of an instant. */
export function vietnamDate(at: number): string {
  return new Date(at + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** The time of day (`HH:MM`, Vietnam time) of an instant, whatever the device's zone. */
export function vietnamClock(at: number): string {
  return new Date(at + VIETNAM_OFFSET_MS).toISOString().slice(11, 16);
}
