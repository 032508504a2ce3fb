import { describe, expect, it } from 'vitest';
import { levelsAbove, sourceLevelOfUnit } from './source-level.ts';

describe('levels above a unit (“Từ cấp trên”)', () => {
  it('a ward sees the Chairman’s and the departments’ directives as from above, and what is above the city', () => {
    expect(levelsAbove(sourceLevelOfUnit('ward', 'phuong-ben-thanh'))).toEqual([
      'government_office',
      'city_party_committee',
      'city_pc_party_committee',
      'city_people_committee',
      'department',
    ]);
  });
  it('a department sees the City People’s Committee above it, not other departments', () => {
    expect(levelsAbove(sourceLevelOfUnit('department', 'so-noi-vu'))).toEqual([
      'government_office',
      'city_party_committee',
      'city_pc_party_committee',
      'city_people_committee',
    ]);
  });
  it('the Chairman and the City Office see only the issuers above the city', () => {
    for (const kind of ['city', 'office'] as const) {
      expect(levelsAbove(sourceLevelOfUnit(kind, 'x'))).toEqual([
        'government_office',
        'city_party_committee',
        'city_pc_party_committee',
      ]);
    }
  });
  it('nothing is above the Government Office', () => {
    expect(levelsAbove(sourceLevelOfUnit('external', 'van-phong-chinh-phu'))).toEqual([]);
  });
});
