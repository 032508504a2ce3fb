import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCity } from '../generator/city.ts';
import { foldVietnamese } from '../text/fold.ts';
import { directoryOrder, PeopleSearch, type SearchablePerson } from './people-search.ts';
import { queryTerms } from './query-terms.ts';

const UNITS = new Map([
  ['phuong-1', 'Phường 1'],
  ['phuong-10', 'Phường 10'],
  ['so-tai-chinh', 'Sở Tài chính'],
  ['dac-khu', 'Đặc khu Côn Đảo'],
]);

const person = (id: string, fullName: string, position: string, rank: number, unitId: string, phone?: string) => ({
  id,
  fullName,
  position,
  rank,
  unitId,
  ...(phone ? { phone } : {}),
});

const PEOPLE: SearchablePerson[] = [
  person('a', 'Nguyễn Văn Anh', 'Chuyên viên', 5, 'phuong-1', '0908100001'),
  person('b', 'Nguyễn Văn A', 'Chuyên viên', 5, 'phuong-10', '0912000002'),
  person('c', 'Trần Thị Bích', 'Phó Chủ tịch UBND Phường 1', 2, 'phuong-1', '0908200003'),
  person('d', 'Lê Văn Đức', 'Chủ tịch UBND Phường 1', 1, 'phuong-1', '0933000004'),
  person('e', 'Đặng Thu Hà', 'Giám đốc Sở Tài chính', 1, 'so-tai-chinh', '+84 907 000 005'),
  person('f', 'Võ Văn Nguyên', 'Phó Chủ tịch UBND Phường 10', 2, 'phuong-10'),
  person('g', 'Đỗ Minh Đạt', 'Chuyên viên', 5, 'dac-khu', '0908300006'),
];
const search = new PeopleSearch(PEOPLE, UNITS);
const ids = (query: string) => search.find(query, 100).map((p) => p.id);

describe('people search', () => {
  it('folds diacritics, including đ/Đ → d, in the query and in the directory', () => {
    expect(ids('đặng thu hà')).toEqual(['e']);
    expect(ids('dang thu ha')).toEqual(['e']);
    expect(ids('DUC')).toEqual(['d']);
    expect(ids('do minh dat')).toEqual(['g']);
    expect(ids('dac khu')).toEqual(['g']);
  });

  it('takes words in any order and unfinished words', () => {
    expect(ids('van nguyen a')).toEqual(ids('nguyen van a'));
    expect(ids('ng v an')).toContain('a');
    expect(ids('bich tran')).toEqual(['c']);
  });

  it('puts the exact name first, then whole words, then prefixes; leaders first within a tier', () => {
    // "a" is a whole word only of "Nguyễn Văn A"; "Nguyễn Văn Anh" matches by prefix.
    expect(ids('nguyen van a')).toEqual(['b', 'a']);
    // Phường 1 by whole words before Phường 10 by a prefix; the Chairman is no "pho".
    expect(ids('pho chu tich phuong 1')).toEqual(['c', 'f']);
    expect(ids('chu tich phuong 1')).toEqual(['d', 'c', 'f']);
    expect(ids('phuong 1').slice(0, 2)).toEqual(['d', 'c']);
  });

  it("ranks the typed words found in a person's unit and position above the same words in their name", () => {
    const units = new Map([
      ['ben-thanh', 'Phường Bến Thành'],
      ['ben-cat', 'Phường Bến Cát'],
    ]);
    // Both are deputy chairs and match every word; only one is of Phường Bến Thành.
    const people = [
      // His given name (An) files before hers (Lan): by name alone he would come first.
      person('cat', 'Lê Thành An', 'Phó Chủ tịch UBND Phường Bến Cát', 2, 'ben-cat'),
      person('thanh', 'Trần Thị Lan', 'Phó Chủ tịch UBND Phường Bến Thành', 2, 'ben-thanh'),
    ];
    const found = new PeopleSearch(people, units).find('pho chu tich ben thanh').map((p) => p.id);
    expect(found).toEqual(['thanh', 'cat']);
  });

  it('finds by position, unit and the leading digits of a phone, however grouped', () => {
    expect(ids('giam doc tai chinh')).toEqual(['e']);
    expect(new Set(ids('0908'))).toEqual(new Set(['a', 'c', 'g']));
    expect(ids('0908 100')).toEqual(['a']);
    expect(ids('0907')).toEqual(['e']);
    expect(ids('+84 907')).toEqual(['e']);
  });

  it('finds nothing for nothing, and nothing for a word nobody has', () => {
    expect(ids('')).toEqual([]);
    expect(ids('   ')).toEqual([]);
    expect(ids('nguyen xyz')).toEqual([]);
  });

  it('reads leaders first, then by given name', () => {
    expect(directoryOrder(PEOPLE).map((p) => p.id)).toEqual(['d', 'e', 'c', 'f', 'b', 'a', 'g']);
  });
});

describe('people search over a generated city', () => {
  const city = generateCity({ seed: 7, officials: 4000 });
  const units = new Map(city.units.map((u) => [u.id, u.name]));
  const big = new PeopleSearch(city.officials, units);

  it('finds any official from a shuffled prefix of some words of their name, position and unit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: city.officials.length - 1 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        fc.nat(),
        (which, picks, cut) => {
          const o = city.officials[which] as (typeof city.officials)[number];
          const words = [
            ...queryTerms(o.fullName),
            ...queryTerms(o.position),
            ...queryTerms(units.get(o.unitId) ?? ''),
          ];
          const chosen = picks.map((p) => words[p % words.length] as string);
          const typed = chosen.map((w, i) => (i === 0 ? w.slice(0, 1 + (cut % w.length)) : w)).reverse();
          const found = big.search(typed.join(' ')).indices;
          return found.some((i) => big.people[i]?.id === o.id);
        },
      ),
      { seed: 2026, numRuns: 300 },
    );
  });

  it('ranks a full name typed without diacritics first', () => {
    for (const o of city.officials.slice(0, 200)) {
      const first = big.people[big.search(foldVietnamese(o.fullName)).indices[0] as number];
      expect(foldVietnamese(first?.fullName ?? '')).toBe(foldVietnamese(o.fullName));
    }
  });
});
