import { cityUnits } from '@thongsuot/shared/org/city-structure';
import { describe, expect, it } from 'vitest';
import { assignableUnits, toggleGroup, unitsOfGroup } from './recipient-groups.ts';

const units = cityUnits().map((u) => ({ id: u.id, name: u.name, kind: u.kind, parentId: u.parentId }));

describe('recipient groups over the city', () => {
  it('has 113 wards, 55 communes and special zones, 16 departments, 184 in all', () => {
    expect(unitsOfGroup(units, 'wards')).toHaveLength(113);
    expect(unitsOfGroup(units, 'communes')).toHaveLength(55);
    expect(unitsOfGroup(units, 'departments')).toHaveLength(16);
    expect(unitsOfGroup(units, 'all')).toHaveLength(184);
  });

  it('toggles a group on, then off when all of it is chosen', () => {
    const wards = unitsOfGroup(units, 'wards');
    const on = toggleGroup(new Set(['so-tai-chinh']), wards);
    expect(on.size).toBe(114);
    expect([...toggleGroup(on, wards)]).toEqual(['so-tai-chinh']);
  });

  it('never offers the own unit or the issuers above the city', () => {
    const offered = assignableUnits(units, 'vp-ubnd').map((u) => u.id);
    expect(offered).not.toContain('vp-ubnd');
    expect(offered).not.toContain('van-phong-chinh-phu');
    expect(offered[0]).toBe('ubnd-tp');
  });

  it('offers no unit merged into another, alone or in a group', () => {
    const merged = units.map((u) => (u.id === 'phuong-sai-gon' ? { ...u, mergedInto: 'phuong-ben-thanh' } : u));
    expect(assignableUnits(merged, 'vp-ubnd').map((u) => u.id)).not.toContain('phuong-sai-gon');
    expect(unitsOfGroup(merged, 'wards')).toHaveLength(112);
    expect(unitsOfGroup(merged, 'wards')).not.toContain('phuong-sai-gon');
  });
});
