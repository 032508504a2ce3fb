import { locale } from '../i18n/i18n.ts';

/** A moment as day, month and time in the user's locale: "10:32 12/01". */
export function formatDateTime(epochMs: number): string {
  return new Intl.DateTimeFormat(locale(), {
    hour: '2-digit',
    minute: '2-digit',
    day: '2-digit',
    month: '2-digit',
  }).format(new Date(epochMs));
}
