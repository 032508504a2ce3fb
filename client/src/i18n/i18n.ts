import { vietnamClock, vietnamDate } from '@thongsuot/shared/model/vietnam-time';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGE_KEY, type Language, storedLanguage } from './language.ts';
import { seedPluralRules } from './plural-rules.ts';
import { vi } from './vi.ts';

export { LANGUAGES, type Language, storedLanguage } from './language.ts';

export function setLanguage(language: Language): void {
  localStorage.setItem(LANGUAGE_KEY, language);
  document.documentElement.lang = language;
  void switchLanguage(language);
}

let englishLoaded = false;

/**
 * Switches to a language, loading its words first. English is a chunk of its own: most officials
 * never open it, and the signed-in route's script stays within its budget (docs/benchmarks.md).
 */
async function switchLanguage(language: Language): Promise<void> {
  if (language === 'en' && !englishLoaded) {
    const { en } = await import('./en.ts');
    // Deep and overwriting: the bundles added earlier by pages (push, admin…) are kept.
    i18next.addResourceBundle('en', 'translation', en, true, true);
    englishLoaded = true;
  }
  await i18next.changeLanguage(language);
}

/**
 * Vietnamese first, English second; the words are in the app's own chunks, so it speaks offline.
 * Resolves once the person's language is ready to render.
 */
export async function initI18n(): Promise<void> {
  const language = storedLanguage();
  document.documentElement.lang = language;
  await i18next.use(initReactI18next).init({
    resources: { vi: { translation: vi } },
    lng: 'vi',
    fallbackLng: 'vi',
    partialBundledLanguages: true,
    interpolation: { escapeValue: false },
  });
  seedPluralRules(i18next);
  if (language !== 'vi') await switchLanguage(language);
}

const LOCALES: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };

export function locale(): string {
  return LOCALES[(i18next.language as Language) ?? 'vi'] ?? 'vi-VN';
}

// Building an Intl formatter costs far more than using one, and a list formats a date and a few
// numbers per card: one formatter per locale and style, made on first use.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
export function formatter<F extends Intl.DateTimeFormat | Intl.NumberFormat>(
  style: string,
  make: (locale: string) => F,
): F {
  const key = `${locale()} ${style}`;
  let made = formatters.get(key) as F | undefined;
  if (!made) {
    made = make(locale());
    formatters.set(key, made);
  }
  return made;
}

// The app's own two locales write dates as dd/MM/yyyy, times as HH:mm, and numbers with a
// thousands separator and at most three decimals. Written by hand rather than with Intl: building
// an Intl formatter costs 10–25 ms on a phone (40–100 ms with the CPU slowed 4×), on the first
// screen's path (docs/design.md §19). `formats.test.ts` checks these against Intl's own output.
const SEPARATORS: Record<Language, { group: string; decimal: string }> = {
  vi: { group: '.', decimal: ',' },
  en: { group: ',', decimal: '.' },
};
const two = (n: number): string => String(n).padStart(2, '0');

/** A `YYYY-MM-DD` deadline as the user's locale writes dates (the same in both: dd/MM/yyyy). */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const date = new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  return `${two(date.getDate())}/${two(date.getMonth() + 1)}/${String(date.getFullYear()).padStart(4, '0')}`;
}

/** The time of day on the device's clock, 24-hour (HH:mm in both locales). */
export function formatTime(epochMs: number): string {
  const date = new Date(epochMs);
  return `${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** An instant in Vietnam time, whatever the device's zone: "09:05 01/12/2026", "01/12/2026, 09:05". */
export function formatVietnamDateTime(at: number): string {
  const [y, m, d] = vietnamDate(at).split('-');
  const date = `${d}/${m}/${y}`;
  const time = vietnamClock(at);
  return i18next.language === 'en' ? `${date}, ${time}` : `${time} ${date}`;
}

/** How many decimals a number shows, and how many powers of ten it is scaled by first (2: a percent). */
export interface NumberStyle {
  readonly maxDigits?: number;
  readonly minDigits?: number;
  readonly scale?: number;
}

/** A number as the user's locale writes it: "50.000" and "12,5" in Vietnamese; at most 3 decimals by default. */
export function formatNumber(value: number, { maxDigits = 3, minDigits = 0, scale = 0 }: NumberStyle = {}): string {
  if (!Number.isFinite(value) || Math.abs(value) * 10 ** scale >= 1e21) {
    const make = (l: string) =>
      new Intl.NumberFormat(l, { minimumFractionDigits: minDigits, maximumFractionDigits: maxDigits });
    return formatter(`number ${minDigits} ${maxDigits}`, make).format(value * 10 ** scale);
  }
  const { group, decimal } = SEPARATORS[(i18next.language as Language) ?? 'vi'] ?? SEPARATORS.vi;
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const magnitude = Math.abs(value);
  // Intl rounds the shortest decimal that reads back as the number ("1.005", not the binary
  // 1.00499…), half away from zero, and scales a percent on those digits; so does this.
  let [whole = '0', fraction = ''] = magnitude < 1e-6 ? ['0'] : String(magnitude).split('.');
  if (scale > 0) {
    whole = (whole + fraction.slice(0, scale).padEnd(scale, '0')).replace(/^0+(?=\d)/, '');
    fraction = fraction.slice(scale);
  }
  let kept = whole + fraction.slice(0, maxDigits).padEnd(maxDigits, '0');
  if ((fraction[maxDigits] ?? '0') >= '5') kept = (BigInt(kept) + 1n).toString().padStart(maxDigits + 1, '0');
  const wholePart = kept.slice(0, kept.length - maxDigits);
  const decimals = kept
    .slice(kept.length - maxDigits)
    .replace(/0+$/, '')
    .padEnd(minDigits, '0');
  const grouped = wholePart.replace(/\B(?=(\d{3})+$)/g, group);
  return `${sign}${grouped}${decimals ? decimal + decimals : ''}`;
}

/** Bytes as the user's locale writes them: "12,5 MB" in Vietnamese. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${formatNumber(value, { maxDigits: digits })} ${units[unit]}`;
}
