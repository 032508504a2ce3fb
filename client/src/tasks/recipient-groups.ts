import { compareVi } from '../i18n/collate.ts';
import type { DirectoryUnitRow } from '../store/local-db.ts';

/**
 * The groups a leader assigns to in one action (MISSION.md function 3): every ward, every
 * commune (with the special zone), every department, or all 184 units that take directives
 * from the city — plus the groups the person saved (model/recipient-group.ts).
 */
export const BUILT_IN_GROUPS = ['wards', 'communes', 'departments', 'all'] as const;
export type BuiltInGroup = (typeof BUILT_IN_GROUPS)[number];

const KINDS: Record<BuiltInGroup, readonly string[]> = {
  wards: ['ward'],
  communes: ['commune', 'special_zone'],
  departments: ['department'],
  all: ['department', 'ward', 'commune', 'special_zone'],
};

export function unitsOfGroup(units: readonly DirectoryUnitRow[], group: BuiltInGroup): string[] {
  const kinds = KINDS[group];
  return units.filter((u) => kinds.includes(u.kind) && !u.mergedInto).map((u) => u.id);
}

/** Units a person may send a directive to: any but their own, the issuers above the city and merged units. */
export function assignableUnits(units: readonly DirectoryUnitRow[], ownUnitId: string): DirectoryUnitRow[] {
  const order = ['city', 'office', 'department', 'ward', 'commune', 'special_zone'];
  return units
    .filter((u) => u.id !== ownUnitId && u.kind !== 'external' && !u.mergedInto)
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || compareVi(a.name, b.name));
}

/** Adds the group, or removes it when every unit of it is already chosen (the button toggles). */
export function toggleGroup(chosen: ReadonlySet<string>, group: readonly string[]): Set<string> {
  const next = new Set(chosen);
  const all = group.length > 0 && group.every((id) => next.has(id));
  for (const id of group) {
    if (all) next.delete(id);
    else next.add(id);
  }
  return next;
}
