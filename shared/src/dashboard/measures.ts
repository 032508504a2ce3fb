import { vietnamDate } from '../model/receipts.ts';
import type { AssignmentRow } from './assignment-row.ts';

/**
 * The measures of Vietnamese government task monitoring (docs/design.md §14), over assignment rows
 * as of an instant. One definition, used by the relay to publish figures and by the tests'
 * brute-force recount to check them; days are Vietnam calendar days (UTC+7).
 *
 * - done on time: confirmed complete, and reported (or, with no report, confirmed) no later than
 *   the deadline in force then — an approved extension counts from when it was approved;
 * - done late: confirmed complete after that deadline;
 * - open within the deadline: not complete, and today is not past the deadline;
 * - open overdue: not complete, and today is past the deadline.
 * The on-time rate is done on time ÷ (done on time + done late + open overdue): of the work whose
 * outcome is decided, the share done in time. Open work within its deadline is not judged yet.
 */
export const BUCKETS = ['on_time', 'late', 'open', 'overdue'] as const;
export type Bucket = (typeof BUCKETS)[number];

/** Overdue age bands, in days past the deadline: 1–7, 8–30, over 30. */
export const AGE_BANDS = ['d1_7', 'd8_30', 'd31'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

const DAY_MS = 86_400_000;

/** Whole days from one calendar date to another (`YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The deadline the recipient worked to at `asOf`: an extension counts once it was approved. */
export function deadlineAsOf(row: AssignmentRow, asOf: number): string {
  return row.extendedAt !== null && row.extendedAt <= asOf ? row.effectiveDeadline : row.deadline;
}

/** When the work was done: its report, or its confirmation when it was never reported. */
export function doneAt(row: AssignmentRow): number | null {
  if (row.completedAt === null) return null;
  return row.reportedAt !== null && row.reportedAt <= row.completedAt ? row.reportedAt : row.completedAt;
}

/** The bucket of a row at `asOf`; null when the assignment did not exist yet. */
export function bucketOf(row: AssignmentRow, asOf: number): Bucket | null {
  if (row.addedAt > asOf) return null;
  const done = doneAt(row);
  if (row.completedAt !== null && row.completedAt <= asOf && done !== null) {
    return vietnamDate(done) <= deadlineAsOf(row, done) ? 'on_time' : 'late';
  }
  return vietnamDate(asOf) > deadlineAsOf(row, asOf) ? 'overdue' : 'open';
}

/** Days past the deadline at `asOf` (for an overdue row). */
export function overdueDays(row: AssignmentRow, asOf: number): number {
  return daysBetween(deadlineAsOf(row, asOf), vietnamDate(asOf));
}

export function ageBand(days: number): AgeBand {
  return days <= 7 ? 'd1_7' : days <= 30 ? 'd8_30' : 'd31';
}

export type BucketCounts = Record<Bucket, number>;

/** A mean and median of days, over `n` rows; null values when n = 0. */
export interface DaysFigure {
  readonly n: number;
  readonly mean: number | null;
  readonly median: number | null;
}

export interface Figures {
  readonly total: number;
  readonly buckets: BucketCounts;
  /** done on time ÷ (on time + late + overdue); null when nothing is decided yet. */
  readonly onTimeRate: number | null;
  readonly overdueAges: Record<AgeBand, number>;
  /** Extension requests nobody has decided yet (as the rows are now). */
  readonly extensionsPending: number;
  /** Days from the assignment to its first reading. */
  readonly daysToRead: DaysFigure;
  /** Days from the assignment to the work done, over completed rows. */
  readonly daysToDone: DaysFigure;
}

export function emptyBuckets(): BucketCounts {
  return { on_time: 0, late: 0, open: 0, overdue: 0 };
}

export function onTimeRate(b: BucketCounts): number | null {
  const decided = b.on_time + b.late + b.overdue;
  return decided === 0 ? null : b.on_time / decided;
}

function daysFigure(values: number[]): DaysFigure {
  if (values.length === 0) return { n: 0, mean: null, median: null };
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  const at = (i: number): number => values[i] ?? 0;
  const median = values.length % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
  const sum = values.reduce((s, x) => s + x, 0);
  return { n: values.length, mean: round1(sum / values.length), median: round1(median) };
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Every measure over `rows` at `asOf`. */
export function figuresOf(rows: Iterable<AssignmentRow>, asOf: number): Figures {
  const buckets = emptyBuckets();
  const overdueAges: Record<AgeBand, number> = { d1_7: 0, d8_30: 0, d31: 0 };
  let total = 0;
  let extensionsPending = 0;
  const toRead: number[] = [];
  const toDone: number[] = [];
  for (const row of rows) {
    const bucket = bucketOf(row, asOf);
    if (bucket === null) continue;
    total++;
    buckets[bucket]++;
    if (bucket === 'overdue') overdueAges[ageBand(overdueDays(row, asOf))]++;
    if (row.extensionPending) extensionsPending++;
    if (row.readAt !== null && row.readAt <= asOf) toRead.push(Math.max(0, row.readAt - row.addedAt) / DAY_MS);
    const done = doneAt(row);
    if (done !== null && (bucket === 'on_time' || bucket === 'late')) {
      toDone.push(Math.max(0, done - row.addedAt) / DAY_MS);
    }
  }
  return {
    total,
    buckets,
    onTimeRate: onTimeRate(buckets),
    overdueAges,
    extensionsPending,
    daysToRead: daysFigure(toRead),
    daysToDone: daysFigure(toDone),
  };
}

/** Bucket counts only: the cheap figure for breakdowns. */
export function bucketCounts(rows: Iterable<AssignmentRow>, asOf: number): BucketCounts {
  const out = emptyBuckets();
  for (const row of rows) {
    const bucket = bucketOf(row, asOf);
    if (bucket !== null) out[bucket]++;
  }
  return out;
}

/** The Monday (Vietnam calendar) of the week holding a date. */
export function weekStart(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday = 0
  return new Date(t - weekday * DAY_MS).toISOString().slice(0, 10);
}

export interface WeekFigure {
  /** The week's Monday. */
  readonly week: string;
  /** Assignments whose deadline (in force now) fell in the week and whose outcome is decided. */
  readonly due: number;
  readonly onTime: number;
}

/**
 * The on-time rate by week: for each of the last `weeks` weeks up to `asOf`'s, the assignments
 * whose deadline fell in that week, and how many were done by it. Open work not yet past its
 * deadline is left out until it is decided.
 */
export function weeklyOnTime(rows: Iterable<AssignmentRow>, asOf: number, weeks = 8): WeekFigure[] {
  const current = weekStart(vietnamDate(asOf));
  const starts: string[] = [];
  for (let i = weeks - 1; i >= 0; i--) {
    starts.push(new Date(Date.parse(`${current}T00:00:00Z`) - i * 7 * DAY_MS).toISOString().slice(0, 10));
  }
  const index = new Map(starts.map((s, i) => [s, i]));
  const due = new Int32Array(starts.length);
  const onTime = new Int32Array(starts.length);
  for (const row of rows) {
    const bucket = bucketOf(row, asOf);
    if (bucket === null || bucket === 'open') continue;
    const i = index.get(weekStart(deadlineAsOf(row, asOf)));
    if (i === undefined) continue;
    due[i] = (due[i] ?? 0) + 1;
    if (bucket === 'on_time') onTime[i] = (onTime[i] ?? 0) + 1;
  }
  return starts.map((week, i) => ({ week, due: due[i] ?? 0, onTime: onTime[i] ?? 0 }));
}

/** One unit's line in the ranking: now and at the start of the period. */
export interface RankedUnit {
  readonly unitId: string;
  readonly buckets: BucketCounts;
  readonly onTimeRate: number | null;
  readonly previous: { readonly overdue: number; readonly onTimeRate: number | null };
  /** 1 = most overdue; the rank by overdue count now and then. */
  readonly overdueRank: number;
  readonly previousOverdueRank: number;
}

/** How long a ranking's period is: the change is since a week ago. */
export const RANKING_PERIOD_MS = 7 * DAY_MS;

/**
 * Units ranked by overdue count (most first; ties by lower on-time rate, then id), with their
 * counts a period ago and their rank then.
 */
export function rankUnits(
  rowsByUnit: ReadonlyMap<string, readonly AssignmentRow[]>,
  asOf: number,
  previousAsOf = asOf - RANKING_PERIOD_MS,
): RankedUnit[] {
  const lines = [...rowsByUnit].map(([unitId, rows]) => {
    const now = bucketCounts(rows, asOf);
    const then = bucketCounts(rows, previousAsOf);
    return { unitId, now, then };
  });
  const order = (pick: (l: (typeof lines)[number]) => BucketCounts) =>
    [...lines].sort((a, b) => {
      const x = pick(a);
      const y = pick(b);
      return y.overdue - x.overdue || (onTimeRate(x) ?? 2) - (onTimeRate(y) ?? 2) || (a.unitId < b.unitId ? -1 : 1);
    });
  const rankThen = new Map(order((l) => l.then).map((l, i) => [l.unitId, i + 1]));
  return order((l) => l.now).map((l, i) => ({
    unitId: l.unitId,
    buckets: l.now,
    onTimeRate: onTimeRate(l.now),
    previous: { overdue: l.then.overdue, onTimeRate: onTimeRate(l.then) },
    overdueRank: i + 1,
    previousOverdueRank: rankThen.get(l.unitId) ?? i + 1,
  }));
}
