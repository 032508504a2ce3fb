import { describe, expect, it } from 'vitest';
import { DEMO_OFFICIALS } from '../org/demo-city.ts';
import { RANKS } from '../org/positions.ts';
import { generateCity } from './city.ts';
import { withDemoOfficials } from './demo-overlay.ts';

describe('the demo accounts in a generated city', () => {
  const base = generateCity({ seed: 2026, officials: 0 });
  const city = withDemoOfficials(base, DEMO_OFFICIALS);

  it('seats every demo official in their unit without growing the city', () => {
    expect(city.officials).toHaveLength(base.officials.length);
    for (const demo of DEMO_OFFICIALS) {
      const seated = city.officials.find((o) => o.id === demo.id);
      expect(seated).toMatchObject({ username: demo.username, unitId: demo.unitId, rank: demo.rank });
      expect(seated?.positionId).toBeDefined();
    }
  });

  it('keeps one head per unit and unique ids and usernames', () => {
    const heads = city.officials.filter((o) => o.unitId === 'phuong-ben-thanh' && o.rank === RANKS.head);
    expect(heads.map((o) => o.id)).toEqual(['u-benthanh']);
    expect(new Set(city.officials.map((o) => o.id)).size).toBe(city.officials.length);
    expect(new Set(city.officials.map((o) => o.username)).size).toBe(city.officials.length);
  });

  it('makes the demo specialists directory admins of their units', () => {
    expect(city.directoryAdmins.get('phuong-ben-thanh')).toContain('u-benthanh-cv');
    expect(city.directoryAdmins.get('vp-ubnd')).toContain('u-vanphong');
    for (const ids of city.directoryAdmins.values()) {
      for (const id of ids) expect(city.officials.some((o) => o.id === id)).toBe(true);
    }
  });
});
