import { foldVietnamese } from '../text/fold.ts';
import { COMMUNE_NAMES, PLACE_SYLLABLES, SPECIAL_ZONE_NAMES, WARD_NAMES } from './local-unit-names.ts';
import type { OrgUnit, UnitKind } from './org-unit.ts';

/**
 * The organization of the city government (MISSION.md): the three issuers above the city, the
 * City People's Committee (whose Standing Committee is its Chairman and Vice Chairmen) and its
 * Office, 16 departments and branches, and 168 wards, communes and special zones.
 */
export const CITY_ID = 'ubnd-tp';
export const CITY_OFFICE_ID = 'vp-ubnd';
export const LOCAL_UNIT_COUNTS = { ward: 113, commune: 54, special_zone: 1 } as const;

export const EXTERNAL_ISSUERS: readonly OrgUnit[] = [
  { id: 'van-phong-chinh-phu', name: 'Văn phòng Chính phủ', kind: 'external', parentId: null },
  { id: 'thanh-uy', name: 'Thành ủy Thành phố Hồ Chí Minh', kind: 'external', parentId: null },
  { id: 'dang-uy-ubnd-tp', name: 'Đảng ủy UBND Thành phố', kind: 'external', parentId: null },
];

export const DEPARTMENT_NAMES: readonly string[] = [
  'Sở Nội vụ',
  'Sở Tài chính',
  'Sở Xây dựng',
  'Sở Công Thương',
  'Sở Giáo dục và Đào tạo',
  'Sở Y tế',
  'Sở Khoa học và Công nghệ',
  'Sở Nông nghiệp và Môi trường',
  'Sở Văn hóa và Thể thao',
  'Sở Du lịch',
  'Sở Tư pháp',
  'Sở Dân tộc và Tôn giáo',
  'Sở Ngoại vụ',
  'Sở Quy hoạch - Kiến trúc',
  'Sở An toàn thực phẩm',
  'Thanh tra Thành phố',
];

/** `Sở Tài chính` -> `so-tai-chinh`; `Phường Bến Thành` -> `phuong-ben-thanh`. */
export function unitSlug(name: string): string {
  return foldVietnamese(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const PREFIX: Record<'ward' | 'commune' | 'special_zone', string> = {
  ward: 'Phường',
  commune: 'Xã',
  special_zone: 'Đặc khu',
};

/** Pads a list of names to `count` with two-syllable names not already taken, in a fixed order. */
function padNames(names: readonly string[], count: number, taken: Set<string>): string[] {
  const out = names.slice(0, count);
  for (const a of PLACE_SYLLABLES) {
    for (const b of PLACE_SYLLABLES) {
      if (out.length >= count) return out;
      const name = `${a} ${b}`;
      if (a !== b && !taken.has(name)) {
        taken.add(name);
        out.push(name);
      }
    }
  }
  return out;
}

/** Folding can merge two real names (Xã Thạnh An, Xã Thanh An): the second gets a numbered id. */
function uniqueId(slug: string, used: Set<string>): string {
  let id = slug;
  for (let n = 2; used.has(id); n++) id = `${slug}-${n}`;
  used.add(id);
  return id;
}

function localUnits(
  kind: 'ward' | 'commune' | 'special_zone',
  names: readonly string[],
  taken: Set<string>,
  used: Set<string>,
): OrgUnit[] {
  return padNames(names, LOCAL_UNIT_COUNTS[kind], taken).map((name) => {
    const full = `${PREFIX[kind]} ${name}`;
    return { id: uniqueId(unitSlug(full), used), name: full, kind, parentId: CITY_ID };
  });
}

/** Every unit of the city, in a fixed order: issuers, city, office, departments, wards, communes, zone. */
export function cityUnits(): OrgUnit[] {
  const taken = new Set([...WARD_NAMES, ...COMMUNE_NAMES, ...SPECIAL_ZONE_NAMES]);
  const used = new Set<string>();
  return [
    ...EXTERNAL_ISSUERS,
    { id: CITY_ID, name: 'Ủy ban nhân dân Thành phố', kind: 'city', parentId: null },
    { id: CITY_OFFICE_ID, name: 'Văn phòng Ủy ban nhân dân Thành phố', kind: 'office', parentId: CITY_ID },
    ...DEPARTMENT_NAMES.map((name) => ({
      id: unitSlug(name),
      name,
      kind: 'department' as UnitKind,
      parentId: CITY_ID,
    })),
    ...localUnits('ward', WARD_NAMES, taken, used),
    ...localUnits('commune', COMMUNE_NAMES, taken, used),
    ...localUnits('special_zone', SPECIAL_ZONE_NAMES, taken, used),
  ];
}

export function isLocalUnit(kind: UnitKind): boolean {
  return kind === 'ward' || kind === 'commune' || kind === 'special_zone';
}
