import { VIETNAM_OFFSET_MS, vietnamDate } from '../model/receipts.ts';
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

/** The Vietnam calendar day of an instant, as a day number (days since 1970-01-01). */
export function vietnamDay(at: number): number {
  return Math.floor((at + VIETNAM_OFFSET_MS) / DAY_MS);
}

const dayCache = new Map<string, number>();
/** The day number of a calendar date `YYYY-MM-DD` (the deadlines repeat: parsed once each). */
export function dateDay(date: string): number {
  let day = dayCache.get(date);
  if (day === undefined) {
    day = Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
    if (dayCache.size > 100_000) dayCache.clear();
    dayCache.set(date, day);
  }
  return day;
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
    return vietnamDay(done) <= dateDay(deadlineAsOf(row, done)) ? 'on_time' : 'late';
  }
  return vietnamDay(asOf) > dateDay(deadlineAsOf(row, asOf)) ? 'overdue' : 'open';
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
  return { n: values.length, mean: round2(sum / values.length), median: round2(median) };
}

/** Days to two decimals (a quarter of an hour): enough to say "3 giờ" when it took hours. */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * The measures of one set of rows, added one row at a time with its bucket: a report classifies
 * each row once and feeds every breakdown in the same pass (scope-report.ts).
 */
export class FiguresAccumulator {
  readonly buckets = emptyBuckets();
  readonly #ages: Record<AgeBand, number> = { d1_7: 0, d8_30: 0, d31: 0 };
  #total = 0;
  #pending = 0;
  readonly #toRead: number[] = [];
  readonly #toDone: number[] = [];
  readonly #today: number;

  constructor(readonly asOf: number) {
    this.#today = vietnamDay(asOf);
  }

  add(row: AssignmentRow, bucket: Bucket | null): void {
    if (bucket === null) return;
    this.#total++;
    this.buckets[bucket]++;
    if (bucket === 'overdue') this.#ages[ageBand(this.#today - dateDay(deadlineAsOf(row, this.asOf)))]++;
    if (row.extensionPending) this.#pending++;
    if (row.readAt !== null && row.readAt <= this.asOf) {
      this.#toRead.push(Math.max(0, row.readAt - row.addedAt) / DAY_MS);
    }
    if (bucket === 'on_time' || bucket === 'late') {
      const done = doneAt(row) as number;
      this.#toDone.push(Math.max(0, done - row.addedAt) / DAY_MS);
    }
  }

  result(): Figures {
    return {
      total: this.#total,
      buckets: { ...this.buckets },
      onTimeRate: onTimeRate(this.buckets),
      overdueAges: { ...this.#ages },
      extensionsPending: this.#pending,
      daysToRead: daysFigure(this.#toRead),
      daysToDone: daysFigure(this.#toDone),
    };
  }
}

/** Every measure over `rows` at `asOf`. */
export function figuresOf(rows: Iterable<AssignmentRow>, asOf: number): Figures {
  const acc = new FiguresAccumulator(asOf);
  for (const row of rows) acc.add(row, bucketOf(row, asOf));
  return acc.result();
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
 * deadline is left out until it is decided. Rows are added one at a time with their bucket.
 */
export class WeeklyAccumulator {
  readonly #starts: string[] = [];
  readonly #first: number;
  readonly #due: number[];
  readonly #onTime: number[];

  constructor(
    readonly asOf: number,
    weeks = 8,
  ) {
    const current = weekStart(vietnamDate(asOf));
    for (let i = weeks - 1; i >= 0; i--) {
      this.#starts.push(new Date(Date.parse(`${current}T00:00:00Z`) - i * 7 * DAY_MS).toISOString().slice(0, 10));
    }
    this.#first = dateDay(this.#starts[0] as string);
    this.#due = this.#starts.map(() => 0);
    this.#onTime = this.#starts.map(() => 0);
  }

  add(row: AssignmentRow, bucket: Bucket | null): void {
    if (bucket === null || bucket === 'open') return;
    const i = Math.floor((dateDay(deadlineAsOf(row, this.asOf)) - this.#first) / 7);
    if (i < 0 || i >= this.#due.length) return;
    this.#due[i] = (this.#due[i] ?? 0) + 1;
    if (bucket === 'on_time') this.#onTime[i] = (this.#onTime[i] ?? 0) + 1;
  }

  result(): WeekFigure[] {
    return this.#starts.map((week, i) => ({ week, due: this.#due[i] ?? 0, onTime: this.#onTime[i] ?? 0 }));
  }
}

export function weeklyOnTime(rows: Iterable<AssignmentRow>, asOf: number, weeks = 8): WeekFigure[] {
  const acc = new WeeklyAccumulator(asOf, weeks);
  for (const row of rows) acc.add(row, bucketOf(row, asOf));
  return acc.result();
}

/** One unit's line in the ranking: now and at the start of the period. */
export interface RankedUnit {
  readonly unitId: string;
  readonly buckets: BucketCounts;
  readonly onTimeRate: number | null;
  readonly previous: { readonly overdue: number; readonly onTimeRate: number | null };
  /** 1 = most overdue; the rank now and a period ago (units alike share one). */
  readonly overdueRank: number;
  readonly previousOverdueRank: number;
}

/** How long a ranking's period is: the change is since a week ago. */
export const RANKING_PERIOD_MS = 7 * DAY_MS;

/** A unit's counts now and a period ago, to be ranked. */
export interface UnitCounts {
  readonly unitId: string;
  readonly now: BucketCounts;
  readonly before: BucketCounts;
}

/**
 * Units ranked by overdue count (most first; then the lower on-time rate), with their counts a
 * period ago and their rank then. Listed in rank order, alike units by id.
 */
export function rankCounts(lines: readonly UnitCounts[]): RankedUnit[] {
  const key = (b: BucketCounts) => [b.overdue, onTimeRate(b) ?? 2] as const;
  const ahead = (x: BucketCounts, y: BucketCounts) => {
    const [ox, rx] = key(x);
    const [oy, ry] = key(y);
    return ox > oy || (ox === oy && rx < ry);
  };
  // Competition ranking (1, 2, 2, 4): units alike share a rank, so a week when nobody was
  // overdue does not invent an order to move from.
  const rankIn = (pick: (l: UnitCounts) => BucketCounts) => {
    const sorted = [...lines].sort((a, b) => {
      const [oa, ra] = key(pick(a));
      const [ob, rb] = key(pick(b));
      return ob - oa || ra - rb || (a.unitId < b.unitId ? -1 : 1);
    });
    const ranks = new Map<string, number>();
    sorted.forEach((l, i) => {
      const prev = sorted[i - 1];
      const tied = prev !== undefined && !ahead(pick(prev), pick(l));
      ranks.set(l.unitId, tied ? (ranks.get(prev.unitId) as number) : i + 1);
    });
    return { sorted, ranks };
  };
  const before = rankIn((l) => l.before).ranks;
  const now = rankIn((l) => l.now);
  return now.sorted.map((l) => ({
    unitId: l.unitId,
    buckets: l.now,
    onTimeRate: onTimeRate(l.now),
    previous: { overdue: l.before.overdue, onTimeRate: onTimeRate(l.before) },
    overdueRank: now.ranks.get(l.unitId) as number,
    previousOverdueRank: before.get(l.unitId) as number,
  }));
}

export function rankUnits(
  rowsByUnit: ReadonlyMap<string, readonly AssignmentRow[]>,
  asOf: number,
  previousAsOf = asOf - RANKING_PERIOD_MS,
): RankedUnit[] {
  return rankCounts(
    [...rowsByUnit].map(([unitId, rows]) => ({
      unitId,
      now: bucketCounts(rows, asOf),
      before: bucketCounts(rows, previousAsOf),
    })),
  );
}
