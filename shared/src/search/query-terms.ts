import { foldVietnamese } from '../text/fold.ts';

/** Splits folded text into words of letters and digits: "ubnd phuong ben-thanh" -> ubnd, phuong, ben, thanh. */
export function splitWords(folded: string): string[] {
  return folded.split(/[^a-z0-9]+/).filter((w) => w !== '');
}

/**
 * What a person typed, as the terms to look up: folded (diacritics and đ dropped), split into
 * words, repeats removed. A query of digits only is one phone number however it is grouped
 * ("0908 100 001", "+84 908..."), so it matches the phone's leading digits.
 */
export function queryTerms(query: string): string[] {
  const folded = foldVietnamese(query);
  if (/^\+?[0-9][0-9 .-]*$/.test(folded)) return [phoneDigits(folded)];
  return [...new Set(splitWords(folded))];
}

/** `+84 908 100 001` and `0908.100.001` -> `0908100001`. */
export function phoneDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return phone.trim().startsWith('+84') ? `0${digits.slice(2)}` : digits;
}
