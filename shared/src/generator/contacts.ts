import { foldVietnamese } from '../text/fold.ts';
import type { Random } from './prng.ts';
import type { VietnameseName } from './vietnamese-names.ts';

/** Mobile prefixes of the Vietnamese networks (Viettel, Vinaphone, MobiFone). */
const MOBILE_PREFIXES = [
  '090',
  '093',
  '089',
  '070',
  '079',
  '077',
  '091',
  '094',
  '088',
  '083',
  '084',
  '085',
  '096',
  '097',
  '098',
  '086',
  '032',
  '033',
  '034',
  '035',
  '036',
  '037',
  '038',
  '039',
];

/**
 * A unique mobile number for the `index`-th official: the last seven digits are the index
 * scrambled by a bijection mod 10^7 (7919 is coprime with 10^7), so no two officials share one.
 */
export function phoneNumber(random: Random, index: number): string {
  const suffix = (index * 7_919 + 1_234_567) % 10_000_000;
  return `${random.pick(MOBILE_PREFIXES)}${String(suffix).padStart(7, '0')}`;
}

/**
 * The government mail convention: given name + initials of surname and middle names,
 * `Nguyễn Văn An` -> `annv`; a number is added when it is taken.
 */
export function username(name: VietnameseName, taken: Map<string, number>): string {
  const initials = [name.surname, ...name.middle].map((part) => foldVietnamese(part).charAt(0)).join('');
  const base = `${foldVietnamese(name.given).replace(/[^a-z]/g, '')}${initials}`;
  const n = (taken.get(base) ?? 0) + 1;
  taken.set(base, n);
  return n === 1 ? base : `${base}${n}`;
}

export const MAIL_DOMAIN = 'tphcm.gov.vn';

export function emailOf(user: string): string {
  return `${user}@${MAIL_DOMAIN}`;
}
