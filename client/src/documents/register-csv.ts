import { vietnamDate } from '@thongsuot/shared/model/receipts';
import { type CsvCell, fileSlug } from '../export/csv.ts';
import type { DossierRow } from './dossier-row.ts';

/** The column headings and the words a register's cells need, in the person's language. */
export interface RegisterCsvText {
  readonly headings: readonly string[];
  readonly docType: (type: string) => string;
  readonly handling: (row: DossierRow) => string;
  readonly lead: (row: DossierRow) => string;
  readonly awaitingNumber: string;
  readonly date: (isoDate: string) => string;
  readonly time: (at: number) => string;
}

/**
 * The incoming register (sổ văn bản đến, Decree 30/2020 appendix) for the days `from`..`to`
 * (Vietnam calendar, by the day the relay numbered it; documents still awaiting their number by
 * the day they were registered on the device): in register order, numbered ones first.
 */
export function registerCsvRows(
  rows: readonly DossierRow[],
  from: string,
  to: string,
  text: RegisterCsvText,
): CsvCell[][] {
  const day = (r: DossierRow) => vietnamDate(r.registeredAt ?? r.createdAt);
  const chosen = rows
    .filter((r) => r.kind === 'incoming' && day(r) >= from && day(r) <= to)
    .sort(
      (a, b) =>
        (a.year ?? 9999) - (b.year ?? 9999) ||
        (a.number ?? Number.MAX_SAFE_INTEGER) - (b.number ?? Number.MAX_SAFE_INTEGER) ||
        a.createdAt - b.createdAt,
    );
  return [
    [...text.headings],
    ...chosen.map((r) => [
      r.number === null ? text.awaitingNumber : `${r.number}/${r.year}`,
      text.time(r.registeredAt ?? r.createdAt),
      r.issuingBody,
      r.numberSymbol,
      text.date(r.date),
      `${text.docType(r.docType)}: ${r.summary}`,
      text.lead(r),
      text.handling(r),
    ]),
  ];
}

export function registerFileName(from: string, to: string): string {
  return `so-van-ban-den-${fileSlug(from)}-den-${fileSlug(to)}.csv`;
}
