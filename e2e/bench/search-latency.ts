// The per-keystroke cost of directory search over the generated city, in Node: our word index
// against the obvious implementation (fold every query, scan every official), same run.
import {
  DEMO_OFFICIALS,
  foldVietnamese,
  generateCity,
  type Official,
  PeopleSearch,
  queryTerms,
  withDemoOfficials,
} from '@thongsuot/shared';

export const QUERIES = [
  'nguyen van a',
  'pho chu tich phuong ben thanh',
  '0908',
  'Đặng Thị Hồng',
  'chuyen vien so tai chinh',
  'tran thi',
];

export interface LatencySummary {
  readonly median: number;
  readonly p95: number;
  readonly max: number;
  readonly keystrokes: number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? Number.NaN, keystrokes: samples.length };
}

/** Every prefix of every query, as typed one key at a time. */
export function keystrokes(queries: readonly string[]): string[] {
  return queries.flatMap((q) => [...q].map((_, i) => q.slice(0, i + 1)));
}

/** The obvious search: for each keystroke, every official whose words start with every typed word, leaders first. */
function naiveSearch(people: readonly { words: string[]; official: Official }[], query: string): Official[] {
  const terms = queryTerms(query);
  if (terms.length === 0) return [];
  return people
    .filter((p) => terms.every((t) => p.words.some((w) => w.startsWith(t))))
    .map((p) => p.official)
    .sort((a, b) => a.rank - b.rank);
}

export function measureSearch(officials: number, passes = 5) {
  const city = withDemoOfficials(generateCity({ seed: 2026, officials }), DEMO_OFFICIALS);
  const units = new Map(city.units.map((u) => [u.id, u.name]));
  let started = performance.now();
  const search = new PeopleSearch(city.officials, units);
  const buildMs = performance.now() - started;
  const typed = keystrokes(QUERIES);
  const ours: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    for (const q of typed) {
      started = performance.now();
      search.find(q, 50);
      ours.push(performance.now() - started);
    }
  }
  const haystack = city.officials.map((official) => ({
    official,
    words: queryTerms(
      [official.fullName, official.position, units.get(official.unitId) ?? '', official.phone].join(' '),
    ),
  }));
  const naive: number[] = [];
  for (let pass = 0; pass < Math.min(passes, 2); pass++) {
    for (const q of typed) {
      started = performance.now();
      naiveSearch(haystack, q).slice(0, 50);
      naive.push(performance.now() - started);
    }
  }
  const check = search.find('huynh thi ngoc lan', 1)[0];
  if (foldVietnamese(check?.fullName ?? '') !== 'huynh thi ngoc lan') throw new Error('search lost the demo Chairman');
  return { people: city.officials.length, buildMs, ours: summarize(ours), naive: summarize(naive) };
}
