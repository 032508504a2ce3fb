import fc from 'fast-check';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatNumber, formatTime, formatVietnamDateTime } from './i18n.ts';

// The hand-written formats must write exactly what Intl writes for the app's two locales.
const LOCALES = [
  ['vi', 'vi-VN'],
  ['en', 'en-GB'],
] as const;

beforeAll(async () => {
  await i18next.init({ lng: 'vi', resources: {} });
});

describe.each(LOCALES)('formats in %s', (language, locale) => {
  beforeAll(async () => {
    await i18next.changeLanguage(language);
  });

  it('numbers: as Intl.NumberFormat writes them, for any number and 0–3 decimals', () => {
    const numbers = fc.oneof(
      fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }),
      fc.double({ min: -1e20, max: 1e20, noNaN: true }),
      fc.double({ min: -10, max: 10, noNaN: true }),
      // Ties and near-ties at the rounding digit: 1.005, 2.5, 0.125…
      fc
        .tuple(fc.integer({ min: -100_000, max: 100_000 }), fc.integer({ min: 1, max: 4 }))
        .map(([n, scale]) => n / 10 ** scale + (n % 2 ? 0 : 5 / 10 ** (scale + 1))),
    );
    fc.assert(
      fc.property(numbers, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), (value, max, least) => {
        const min = Math.min(least, max);
        expect(formatNumber(value, { maxDigits: max, minDigits: min })).toBe(
          new Intl.NumberFormat(locale, { minimumFractionDigits: min, maximumFractionDigits: max }).format(value),
        );
        // A percent: scaled on the decimal digits, as Intl does.
        if (Math.abs(value) < 1e18)
          expect(`${formatNumber(value, { maxDigits: max, scale: 2 })}%`).toBe(
            new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: max }).format(value),
          );
      }),
      { numRuns: 3000, seed: 20261201 },
    );
  });

  it('numbers: the edges (zero, negative zero, tiny, huge, not finite)', () => {
    for (const value of [0, -0, 1e-7, -1e-7, 0.0005, 999.9995, 1e21, -1e21, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatNumber(value)).toBe(new Intl.NumberFormat(locale).format(value));
    }
    expect(formatNumber(50_000)).toBe(language === 'vi' ? '50.000' : '50,000');
  });

  it('dates and times: as Intl.DateTimeFormat writes them, on the device clock', () => {
    const dates = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' });
    const times = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), (at) => {
        const iso = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
        expect(formatDate(iso)).toBe(dates.format(at));
        expect(formatTime(at.getTime())).toBe(times.format(at));
      }),
      { numRuns: 2000, seed: 20261201 },
    );
  });

  it('an instant in Vietnam time: as Intl.DateTimeFormat writes it with the zone Asia/Ho_Chi_Minh', () => {
    const vietnam = new Intl.DateTimeFormat(locale, {
      timeZone: 'Asia/Ho_Chi_Minh',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2000-01-01'), max: Date.parse('2099-12-31') }), (at) => {
        expect(formatVietnamDateTime(at)).toBe(vietnam.format(at));
      }),
      { numRuns: 2000, seed: 20261201 },
    );
  });

  it('bytes: one decimal past a kilobyte', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(12.5 * 1024 * 1024)).toBe(language === 'vi' ? '12,5 MB' : '12.5 MB');
  });
});
