/**
 * Tables as CSV files that Excel opens with Vietnamese intact (issue 17 item 12; issue 14 exports
 * more tables through the same module). RFC 4180 with what Excel needs on top:
 *
 * - UTF-8 with a byte-order mark: without it Excel reads the bytes as the machine's ANSI code
 *   page and "Phường Bến Thành" comes out as "PhÆ°á»ng…";
 * - CRLF between records, and a field quoted when it holds the separator, a quote (doubled), CR
 *   or LF;
 * - a text cell that Excel would run as a formula (=, +, -, @, or a leading tab or CR: OWASP's
 *   "CSV injection") starts with an apostrophe, so a unit name or a report typed as
 *   `=HYPERLINK(…)` is shown, never evaluated. Numbers are written as numbers and not guarded.
 *
 * Pure text in, text out; `downloadCsv` is the one function that touches the page, and it needs no
 * network (a Blob and an object URL).
 */
export type CsvCell = string | number | null | undefined;

export interface CsvOptions {
  /** The field separator; a comma unless a table is meant for a locale that wants ";". */
  readonly separator?: string;
}

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field as it is written between separators. */
export function csvField(cell: CsvCell, separator = ','): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole file's text: BOM, then every row, each ended by CRLF. */
export function encodeCsv(rows: readonly (readonly CsvCell[])[], options: CsvOptions = {}): string {
  const separator = options.separator ?? ',';
  return BOM + rows.map((row) => `${row.map((cell) => csvField(cell, separator)).join(separator)}\r\n`).join('');
}

/** A short, plain file-name part: "Triển khai cao điểm…" -> "trien-khai-cao-diem". */
export function fileSlug(text: string, maxLength = 40): string {
  const plain = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (plain.length <= maxLength) return plain;
  const cut = plain.slice(0, maxLength + 1);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash > maxLength / 2 ? cut.slice(0, lastDash) : cut.slice(0, maxLength)).replace(/-+$/, '');
}

/** Saves the rows as a .csv file through the browser's download (works offline). */
export function downloadCsv(fileName: string, rows: readonly (readonly CsvCell[])[], options?: CsvOptions): void {
  const blob = new Blob([encodeCsv(rows, options)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the Blob after the click returns; let them, then free it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
