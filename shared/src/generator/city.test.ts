import { describe, expect, it } from 'vitest';
import { CITY_ID } from '../org/city-structure.ts';
import { generateCity } from './city.ts';

describe('generated city', () => {
  const city = generateCity({ seed: 7, officials: 5_000 });

  it('is the same for the same seed and different for another', () => {
    const again = generateCity({ seed: 7, officials: 5_000 });
    expect(again.officials).toEqual(city.officials);
    expect(generateCity({ seed: 8, officials: 5_000 }).officials[0]?.fullName).not.toBe(undefined);
    expect(generateCity({ seed: 8, officials: 5_000 }).officials.map((o) => o.fullName)).not.toEqual(
      city.officials.map((o) => o.fullName),
    );
  });

  it('has about the number of officials asked for, each with unique id, username, phone and email', () => {
    expect(city.officials.length).toBeGreaterThan(4_500);
    expect(city.officials.length).toBeLessThan(5_750);
    for (const key of ['id', 'username', 'phone', 'email'] as const) {
      expect(new Set(city.officials.map((o) => o[key])).size).toBe(city.officials.length);
    }
    for (const o of city.officials) {
      expect(o.phone).toMatch(/^0\d{9}$/);
      expect(o.email).toMatch(/^[a-z]+\d*@tphcm\.gov\.vn$/);
    }
  });

  it('gives every unit one head, and the city its Chairman and Vice Chairmen', () => {
    for (const unit of city.units) {
      expect(city.officials.filter((o) => o.unitId === unit.id && o.rank === 1)).toHaveLength(1);
    }
    const standing = city.officials.filter((o) => o.unitId === CITY_ID && o.rank <= 2).map((o) => o.position);
    expect(standing).toEqual(['Chủ tịch UBND Thành phố', ...Array(5).fill('Phó Chủ tịch UBND Thành phố')]);
    const ward = city.officials.find((o) => o.unitId === 'phuong-ben-thanh' && o.rank === 1);
    expect(ward?.position).toBe('Chủ tịch UBND Phường Bến Thành');
  });

  it('draws surnames with realistic frequencies', () => {
    const large = generateCity({ seed: 11, officials: 20_000 }).officials;
    const share = (s: string) => large.filter((o) => o.fullName.startsWith(`${s} `)).length / large.length;
    expect(share('Nguyễn')).toBeGreaterThan(0.35);
    expect(share('Nguyễn')).toBeLessThan(0.41);
    expect(share('Trần')).toBeGreaterThan(0.09);
    expect(share('Trần')).toBeLessThan(0.13);
    expect(share('Lê')).toBeGreaterThan(0.08);
    const thi = large.filter((o) => o.fullName.split(' ')[1] === 'Thị').length / large.length;
    expect(thi).toBeGreaterThan(0.15);
  });

  it('names directory admins for every unit with divisions', () => {
    for (const unit of city.units.filter((u) => u.kind !== 'city')) {
      expect(city.directoryAdmins.get(unit.id)?.length ?? 0).toBeGreaterThan(0);
    }
  });
});
