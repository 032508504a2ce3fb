import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGE_KEY, type Language, storedLanguage } from './language.ts';
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

/** A `YYYY-MM-DD` deadline as the user's locale writes dates. */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return formatter(
    'date',
    (l) => new Intl.DateTimeFormat(l, { day: '2-digit', month: '2-digit', year: 'numeric' }),
  ).format(new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

export function formatTime(epochMs: number): string {
  return formatter('time', (l) => new Intl.DateTimeFormat(l, { hour: '2-digit', minute: '2-digit' })).format(
    new Date(epochMs),
  );
}

export function formatNumber(value: number): string {
  return formatter('number', (l) => new Intl.NumberFormat(l)).format(value);
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
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
