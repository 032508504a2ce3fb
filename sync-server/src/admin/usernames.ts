import { foldVietnamese } from '@thongsuot/shared';

/** What a sign-in name may be: lowercase letters, digits, dot, dash, underscore; 2–64 characters. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/**
 * A sign-in name for a Vietnamese full name, as the demo city's are made: the given name (the
 * last word) without diacritics, then the initials of the family and middle names —
 * "Nguyễn Thị Thu Hà" → `hantt`; `hantt2`, `hantt3`... when taken. `taken` is updated.
 */
export function usernameFor(fullName: string, taken: Set<string>): string {
  const words = foldVietnamese(fullName)
    .split(' ')
    .map((w) => w.replace(/[^a-z0-9]/g, ''))
    .filter((w) => w !== '');
  const given = words.at(-1) ?? 'canbo';
  const base = `${given}${words
    .slice(0, -1)
    .map((w) => w.charAt(0))
    .join('')}`.slice(0, 56);
  const name = base.length >= 2 ? base : `${base}cb`;
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name}${n}`;
  taken.add(candidate);
  return candidate;
}
