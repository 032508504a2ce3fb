/** The kinds of unit in the city government (MISSION.md). */
export const UNIT_KINDS = [
  'external', // issuers above the city: Government Office, City Party Committee, ...
  'city', // the City People's Committee
  'office', // the Office of the City People's Committee
  'department',
  'ward',
  'commune',
  'special_zone',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface OrgUnit {
  readonly id: string;
  readonly name: string;
  readonly kind: UnitKind;
  readonly parentId: string | null;
}

export interface Official {
  readonly id: string;
  readonly username: string;
  readonly fullName: string;
  readonly position: string;
  /** Lower is more senior; 1 = head of the unit. */
  readonly rank: number;
  readonly unitId: string;
  readonly phone: string;
  readonly email: string;
  /** The position's id in org/positions.ts, when known. */
  readonly positionId?: string;
  /** The division (phòng, ban) inside the unit; absent for the unit's leaders. */
  readonly divisionId?: string;
}
