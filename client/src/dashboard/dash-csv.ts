import { BUCKETS, type BucketCounts, onTimeRate } from '@thongsuot/shared/dashboard/measures';
import type { SectionReport } from '@thongsuot/shared/dashboard/scope-report';
import { type CsvCell, fileSlug } from '../export/csv.ts';
import { ratePoints, totalOf } from './dash-view.ts';

/**
 * The dashboard's tables as CSV rows (export/csv.ts writes them with the BOM Excel needs), headed
 * in the person's language. Counts and rates are numbers, rates in percent with one decimal, so a
 * spreadsheet can sum and sort them.
 */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

export type DashTable = 'ranking' | 'bySource' | 'byIssuer' | 'directives';

function percent(rate: number | null): CsvCell {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}

function bucketHeadings(t: Translate): string[] {
  return [...BUCKETS.map((b) => t(`dash.bucket.${b}`)), t('dash.tables.total'), `${t('dash.onTime')} (%)`];
}

function bucketCells(b: BucketCounts): CsvCell[] {
  return [...BUCKETS.map((k) => b[k]), totalOf(b), percent(onTimeRate(b))];
}

export function dashCsvRows(report: SectionReport, table: DashTable, t: Translate): CsvCell[][] {
  switch (table) {
    case 'ranking':
      return [
        [
          t('dash.tables.rank'),
          t('dash.tables.unit'),
          t('dash.tables.group'),
          ...bucketHeadings(t),
          t('dash.tables.previousRank'),
          t('dash.tables.previousOverdue'),
          `${t('dash.tables.previousRate')} (%)`,
          t('dash.tables.rateChange'),
        ],
        ...report.units.map((u) => [
          u.overdueRank,
          u.name,
          t(`dash.group.${u.group}`),
          ...bucketCells(u.buckets),
          u.previousOverdueRank,
          u.previous.overdue,
          percent(u.previous.onTimeRate),
          ratePoints(u),
        ]),
      ];
    case 'bySource':
      return [
        [t('dash.tables.source'), ...bucketHeadings(t)],
        ...report.bySource.map((s) => [t(`source.${s.key}`), ...bucketCells(s.buckets)]),
      ];
    case 'byIssuer':
      return [
        [t('dash.tables.issuer'), ...bucketHeadings(t)],
        ...report.byIssuer.map((s) => [s.name, ...bucketCells(s.buckets)]),
      ];
    case 'directives':
      return [
        [t('dash.tables.directive'), t('dash.tables.taskId'), ...bucketHeadings(t)],
        ...report.directives.map((d) => [d.title, d.key, ...bucketCells(d.buckets)]),
      ];
  }
}

/** "so-lieu-viec-da-giao-xep-hang-phuong-ben-thanh-2026-12-01.csv". */
export function dashCsvName(sectionLabel: string, tableLabel: string, unitName: string, day: string): string {
  return `so-lieu-${fileSlug(sectionLabel, 20)}-${fileSlug(tableLabel, 30)}-${fileSlug(unitName, 30)}-${day}.csv`;
}
