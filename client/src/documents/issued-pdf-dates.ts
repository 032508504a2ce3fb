// Dates as an issued document prints them (documents/issued-pdf.ts).
/** "Thành phố Hồ Chí Minh, ngày 05 tháng 01 năm 2026": a leading 0 for days < 10, months < 3. */
export function placeDateLine(place: string, isoDate: string): string {
  const [y, m = 0, d = 0] = isoDate.split('-').map(Number);
  return `${place}, ngày ${d < 10 ? `0${d}` : d} tháng ${m < 3 ? `0${m}` : m} năm ${y}`;
}

/** dd/MM/yyyy HH:mm in Vietnam time (UTC+7, no daylight saving). */
export function vnTime(ms: number): string {
  const t = new Date(ms + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(t.getUTCDate())}/${p(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`;
}
