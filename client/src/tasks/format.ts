const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A moment as Vietnamese administrative writing gives it, in the device's time zone:
 * "18:14, 30/11/2026" (not the "18:14 30-11" some browsers' Vietnamese formats produce).
 */
export function formatDateTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}, ${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
}
