import { foldVietnamese, POSITIONS_BY_UNIT_KIND, RANKS, type UnitKind } from '@thongsuot/shared';

/** A position as the directory stores it: its id in org/positions.ts (or a generic one) and its rank. */
export interface DerivedPosition {
  readonly positionId: string;
  readonly rank: number;
  /** False when the title matched nothing known and the rank is a guess (a specialist's). */
  readonly known: boolean;
}

/** Titles HR writes that org/positions.ts does not list per kind of unit (its rank table's examples). */
const OTHER_TITLES: readonly { title: string; positionId: string; rank: number }[] = [
  { title: 'Chánh Thanh tra', positionId: 'chief-inspector', rank: RANKS.head },
  { title: 'Chánh Văn phòng', positionId: 'office-chief', rank: RANKS.head },
  { title: 'Phó Chánh Văn phòng', positionId: 'office-deputy', rank: RANKS.deputy },
  { title: 'Phó Giám đốc Trung tâm', positionId: 'center-deputy', rank: RANKS.divisionDeputy },
  { title: 'Giám đốc Trung tâm', positionId: 'center-director', rank: RANKS.divisionHead },
  { title: 'Phó Giám đốc', positionId: 'department-deputy', rank: RANKS.deputy },
  { title: 'Giám đốc', positionId: 'department-director', rank: RANKS.head },
  { title: 'Phó Chủ tịch', positionId: 'vice-chair', rank: RANKS.deputy },
  { title: 'Chủ tịch', positionId: 'chair', rank: RANKS.head },
  { title: 'Thanh tra viên', positionId: 'inspector', rank: RANKS.specialist },
  { title: 'Công chức', positionId: 'civil-servant', rank: RANKS.specialist },
  { title: 'Văn thư', positionId: 'clerk', rank: RANKS.specialist },
  { title: 'Cán sự', positionId: 'staff', rank: RANKS.staff },
];

/**
 * The rank of a title as HR writes it ("Phó Chủ tịch UBND Phường Bến Thành", "Chuyên viên",
 * "Trưởng phòng Kinh tế"): the longest known title it begins with, compared without diacritics
 * or case, first among the positions of the unit's kind (with and without the unit's name), then
 * the common titles. Unknown titles count as a specialist's (rank 5), marked `known: false`; an
 * administrator corrects the rank in the directory.
 */
export function derivePosition(kind: UnitKind, unitName: string, title: string): DerivedPosition {
  const folded = foldVietnamese(title);
  let best: { positionId: string; rank: number; length: number } | null = null;
  const consider = (candidate: string, positionId: string, rank: number) => {
    const c = foldVietnamese(candidate);
    if (c === '' || !(folded === c || folded.startsWith(`${c} `))) return;
    if (!best || c.length > best.length) best = { positionId, rank, length: c.length };
  };
  for (const p of POSITIONS_BY_UNIT_KIND[kind]) {
    consider(p.title.replace('{unit}', unitName), p.id, p.rank);
    consider(p.title.replace(' {unit}', '').replace('{unit}', ''), p.id, p.rank);
  }
  for (const o of OTHER_TITLES) consider(o.title, o.positionId, o.rank);
  if (!best) for (const p of POSITIONS_BY_UNIT_KIND.department) consider(p.title.replace(' {unit}', ''), p.id, p.rank);
  const found = best as { positionId: string; rank: number } | null;
  return found
    ? { positionId: found.positionId, rank: found.rank, known: true }
    : { positionId: 'specialist', rank: RANKS.specialist, known: false };
}
