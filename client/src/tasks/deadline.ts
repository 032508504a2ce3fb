/** Today's date in the device's time zone as `YYYY-MM-DD`. */
export function today(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return today(new Date(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
}

export function isOverdue(deadline: string, now: Date = new Date()): boolean {
  return deadline < today(now);
}
