import type { UnitKind } from './org-unit.ts';

/**
 * Positions and their ranks. Rank decides who leads a unit, who may assign and who may
 * approve (access/capabilities.ts); the title is what the directory shows.
 *
 * 1 head of unit        Chủ tịch, Giám đốc Sở, Chánh Văn phòng, Chánh Thanh tra
 * 2 deputy head         Phó Chủ tịch, Phó Giám đốc, Phó Chánh Văn phòng
 * 3 head of division    Trưởng phòng, Chánh Văn phòng Sở, Giám đốc Trung tâm
 * 4 deputy of division  Phó Trưởng phòng, Phó Giám đốc Trung tâm
 * 5 specialist          Chuyên viên, Thanh tra viên, Công chức
 * 6 staff               Nhân viên, Cán sự
 */
export const RANKS = { head: 1, deputy: 2, divisionHead: 3, divisionDeputy: 4, specialist: 5, staff: 6 } as const;

export interface Position {
  readonly id: string;
  /** The title; `{unit}` is replaced by the unit's name where the title names its unit. */
  readonly title: string;
  readonly rank: number;
}

function p(id: string, title: string, rank: number): Position {
  return { id, title, rank };
}

const COMMON: readonly Position[] = [
  p('division-head', 'Trưởng phòng', RANKS.divisionHead),
  p('division-deputy', 'Phó Trưởng phòng', RANKS.divisionDeputy),
  p('senior-specialist', 'Chuyên viên chính', RANKS.specialist),
  p('specialist', 'Chuyên viên', RANKS.specialist),
  p('staff', 'Nhân viên', RANKS.staff),
];

/** The positions each kind of unit has, most senior first. */
export const POSITIONS_BY_UNIT_KIND: Readonly<Record<UnitKind, readonly Position[]>> = {
  external: [
    p('external-head', 'Lãnh đạo {unit}', RANKS.head),
    p('external-deputy', 'Phó Lãnh đạo {unit}', RANKS.deputy),
    ...COMMON,
  ],
  city: [
    p('city-chair', 'Chủ tịch UBND Thành phố', RANKS.head),
    p('city-vice-chair', 'Phó Chủ tịch UBND Thành phố', RANKS.deputy),
    p('city-secretary', 'Thư ký Chủ tịch UBND Thành phố', RANKS.specialist),
  ],
  office: [
    p('office-chief', 'Chánh Văn phòng UBND Thành phố', RANKS.head),
    p('office-deputy', 'Phó Chánh Văn phòng UBND Thành phố', RANKS.deputy),
    ...COMMON,
  ],
  department: [
    p('department-director', 'Giám đốc {unit}', RANKS.head),
    p('department-deputy', 'Phó Giám đốc {unit}', RANKS.deputy),
    p('department-office-chief', 'Chánh Văn phòng Sở', RANKS.divisionHead),
    ...COMMON,
  ],
  ward: [
    p('ward-chair', 'Chủ tịch UBND {unit}', RANKS.head),
    p('ward-vice-chair', 'Phó Chủ tịch UBND {unit}', RANKS.deputy),
    ...COMMON,
  ],
  commune: [
    p('commune-chair', 'Chủ tịch UBND {unit}', RANKS.head),
    p('commune-vice-chair', 'Phó Chủ tịch UBND {unit}', RANKS.deputy),
    ...COMMON,
  ],
  special_zone: [
    p('zone-chair', 'Chủ tịch UBND {unit}', RANKS.head),
    p('zone-vice-chair', 'Phó Chủ tịch UBND {unit}', RANKS.deputy),
    ...COMMON,
  ],
};

export function positionTitle(position: Position, unitName: string): string {
  return position.title.replace('{unit}', unitName);
}

export function findPosition(kind: UnitKind, positionId: string): Position | undefined {
  return POSITIONS_BY_UNIT_KIND[kind].find((x) => x.id === positionId);
}
