import type { UnitKind } from './org-unit.ts';

/**
 * Where a directive comes from (MISSION.md "monitoring tasks from higher levels"): the three
 * issuers above the city, the City People's Committee, a department, or a ward, commune or
 * special zone (the commune level of government).
 */
export const SOURCE_LEVELS = [
  'government_office',
  'city_party_committee',
  'city_pc_party_committee',
  'city_people_committee',
  'department',
  'commune_level',
] as const;
export type SourceLevel = (typeof SOURCE_LEVELS)[number];

/**
 * The levels above the city: the City Office registers their directives, and "tasks from higher
 * levels" is exactly these (and what cascades from them).
 */
export const HIGHER_SOURCE_LEVELS = ['government_office', 'city_party_committee', 'city_pc_party_committee'] as const;

export function isHigherSourceLevel(level: string): boolean {
  return (HIGHER_SOURCE_LEVELS as readonly string[]).includes(level);
}

/**
 * The levels above a unit's own, from which its "Từ cấp trên" comes: for the City People's
 * Committee and its Office, the three issuers above the city; for a department, those and the
 * City People's Committee; for a ward, commune or special zone, also the departments.
 */
export function levelsAbove(level: SourceLevel): SourceLevel[] {
  return SOURCE_LEVELS.slice(0, SOURCE_LEVELS.indexOf(level));
}

/** The level a unit issues at; external issuers are told apart by their unit id. */
export function sourceLevelOfUnit(kind: UnitKind, unitId: string): SourceLevel {
  switch (kind) {
    case 'external':
      if (unitId === 'van-phong-chinh-phu') return 'government_office';
      if (unitId === 'thanh-uy') return 'city_party_committee';
      return 'city_pc_party_committee';
    case 'city':
    case 'office':
      return 'city_people_committee';
    case 'department':
      return 'department';
    case 'ward':
    case 'commune':
    case 'special_zone':
      return 'commune_level';
  }
}
