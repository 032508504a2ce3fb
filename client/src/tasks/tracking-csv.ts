import type { CsvCell } from '../export/csv.ts';
import { fileSlug } from '../export/csv.ts';
import { today } from './deadline.ts';
import { formatDateTime } from './format.ts';
import { firstReadAt, type ViewRow } from './tracking-view.ts';

/** The words the file is written in (the app's language; Vietnamese by default). */
export interface TrackingCsvText {
  readonly t: (key: string) => string;
  readonly status: (status: string) => string;
  /** Who read it first, by id (an official's full name). */
  readonly person: (id: string) => string;
}

const COLUMNS = [
  'name',
  'group',
  'status',
  'readBy',
  'readAt',
  'percent',
  'deadline',
  'late',
  'reportedLate',
  'asking',
  'urgedAt',
] as const;

/** "2026-11-30" -> "30/11/2026", as the times beside it are written. */
function vietnameseDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return y && m && d ? `${d}/${m}/${y}` : iso;
}

/**
 * The header and one line per recipient, in the order the screen shows them (all of them, not
 * one page). Times as Vietnamese administrative writing gives them: "HH:mm, dd/MM/yyyy"; a read
 * time is the relay's once it received it, as on screen.
 */
export function trackingCsvRows(rows: readonly ViewRow[], text: TrackingCsvText): CsvCell[][] {
  const yes = text.t('tracking.csv.yes');
  const flag = (on: boolean): string => (on ? yes : '');
  const readAt = (r: ViewRow): CsvCell => {
    const at = firstReadAt(r);
    return at === null ? '' : formatDateTime(at);
  };
  return [
    COLUMNS.map((c) => text.t(`tracking.csv.${c}`)),
    ...rows.map((r) => [
      r.name,
      text.t(`tracking.unitGroups.${r.unitGroup}`),
      text.status(r.status),
      r.read ? text.person(r.read.by) : '',
      readAt(r),
      r.percent,
      vietnameseDate(r.deadline),
      flag(r.late),
      flag(r.reportedLate),
      flag(r.asking),
      r.urgedAt === null ? '' : formatDateTime(r.urgedAt),
    ]),
  ];
}

/** `theo-doi-<short title>-<yyyy-mm-dd>.csv`, the date being the day it was exported. */
export function trackingFileName(title: string, now: Date = new Date()): string {
  return `theo-doi-${fileSlug(title, 40) || 'nhiem-vu'}-${today(now)}.csv`;
}
