import { describe, expect, it } from 'vitest';
import { cityUnits, unitSlug } from './city-structure.ts';
import { DEMO_UNITS } from './demo-city.ts';

describe('city structure', () => {
  const units = cityUnits();
  const count = (kind: string) => units.filter((u) => u.kind === kind).length;

  it('has the units MISSION.md names, in the numbers it gives', () => {
    expect(count('external')).toBe(3);
    expect(count('city')).toBe(1);
    expect(count('office')).toBe(1);
    expect(count('department')).toBe(16);
    expect(count('ward')).toBe(113);
    expect(count('commune')).toBe(54);
    expect(count('special_zone')).toBe(1);
  });

  it('gives every unit a unique, well-formed id and name', () => {
    expect(new Set(units.map((u) => u.id)).size).toBe(units.length);
    expect(new Set(units.map((u) => u.name)).size).toBe(units.length);
    for (const u of units) expect(u.id).toMatch(/^[a-z0-9-]{1,64}$/);
  });

  it('uses the ids of the demo city for the units they share', () => {
    const ids = new Set(units.map((u) => u.id));
    for (const demo of DEMO_UNITS) expect(ids.has(demo.id)).toBe(true);
    expect(unitSlug('Đặc khu Côn Đảo')).toBe('dac-khu-con-dao');
  });
});
