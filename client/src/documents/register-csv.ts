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

/** The words the outgoing register's cells need. */
export interface OutgoingRegisterText {
  readonly headings: readonly string[];
  readonly docType: (type: string) => string;
  readonly person: (id: string | null) => string;
  readonly unit: (id: string) => string;
  readonly date: (isoDate: string) => string;
}

/**
 * The outgoing register (sổ văn bản đi, Decree 30/2020 appendix) for the days `from`..`to`, by
 * the day the relay numbered each document (its issue): number and symbol, date, type and
 * summary, who signed it, where it was sent. Only issued documents are in it.
 */
export function outgoingRegisterCsvRows(
  rows: readonly DossierRow[],
  from: string,
  to: string,
  text: OutgoingRegisterText,
): CsvCell[][] {
  const chosen = rows
    .filter((r) => r.kind === 'outgoing' && r.number !== null && r.registeredAt !== null)
    .filter((r) => vietnamDate(r.registeredAt as number) >= from && vietnamDate(r.registeredAt as number) <= to)
    .sort((a, b) => (a.year ?? 0) - (b.year ?? 0) || (a.number ?? 0) - (b.number ?? 0));
  return [
    [...text.headings],
    ...chosen.map((r) => [
      `${r.number}/${r.numberSymbol}`,
      text.date(vietnamDate(r.registeredAt as number)),
      `${text.docType(r.docType)}: ${r.summary}`,
      text.person(r.signedBy),
      r.recipients.map(text.unit).join('; '),
      '',
    ]),
  ];
}

export function registerFileName(from: string, to: string, kind: 'incoming' | 'outgoing' = 'incoming'): string {
  return `so-van-ban-${kind === 'incoming' ? 'den' : 'di'}-${fileSlug(from)}-den-${fileSlug(to)}.csv`;
}
