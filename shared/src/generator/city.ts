import { CITY_ID, cityUnits } from '../org/city-structure.ts';
import { DIVISIONS_BY_UNIT_KIND } from '../org/divisions.ts';
import type { Official, OrgUnit, UnitKind } from '../org/org-unit.ts';
import { POSITIONS_BY_UNIT_KIND, type Position, positionTitle, RANKS } from '../org/positions.ts';
import { emailOf, phoneNumber, username } from './contacts.ts';
import { Random } from './prng.ts';
import { vietnameseName } from './vietnamese-names.ts';

/**
 * A whole city government, generated from a seed: every unit of org/city-structure.ts, the
 * divisions inside them, and about `officials` people with positions and contacts. The same
 * seed and size always give the same city.
 */
export interface CityOptions {
  readonly seed: number | string;
  /** About how many officials. Every unit's leadership and divisions are always staffed, so a city has at least ~4,000. */
  readonly officials: number;
}

export interface GeneratedDivision {
  readonly id: string;
  readonly unitId: string;
  readonly name: string;
  readonly order: number;
}

export interface GeneratedCity {
  readonly units: readonly OrgUnit[];
  readonly divisions: readonly GeneratedDivision[];
  readonly officials: readonly Official[];
  /** unitId -> the people who keep the unit's directory page. */
  readonly directoryAdmins: ReadonlyMap<string, readonly string[]>;
}

/** Share of all officials by kind of unit; a unit's share is split among the units of its kind. */
const SHARE: Record<UnitKind, number> = {
  external: 0.0045,
  city: 0.0002,
  office: 0.01,
  department: 0.38,
  ward: 0.41,
  commune: 0.19,
  special_zone: 0.0053,
};

const DEPUTIES: Record<UnitKind, number> = {
  external: 2,
  city: 5,
  office: 4,
  department: 3,
  ward: 2,
  commune: 2,
  special_zone: 3,
};

export function generateCity(options: CityOptions): GeneratedCity {
  const root = new Random(options.seed);
  const sizes = unitSizes(root.fork('sizes'), options.officials);
  const people = root.fork('people');
  const units = cityUnits();
  const divisions: GeneratedDivision[] = [];
  const officials: Official[] = [];
  const directoryAdmins = new Map<string, string[]>();
  const taken = new Map<string, number>();
  for (const unit of units) {
    const unitDivisions = DIVISIONS_BY_UNIT_KIND[unit.kind].map((name, i) => ({
      id: `${unit.id}-p${i + 1}`,
      unitId: unit.id,
      name,
      order: i + 1,
    }));
    divisions.push(...unitDivisions);
    const slots = staffing(unit.kind, sizes.get(unit.id) ?? 1, unitDivisions, people);
    const admins: string[] = [];
    for (const slot of slots) {
      const index = officials.length + 1;
      const name = vietnameseName(people);
      const user = username(name, taken);
      const id = `u-${String(index).padStart(6, '0')}`;
      officials.push({
        id,
        username: user,
        fullName: name.fullName,
        position: positionTitle(slot.position, unit.name),
        rank: slot.position.rank,
        unitId: unit.id,
        phone: phoneNumber(people, index),
        email: emailOf(user),
        positionId: slot.position.id,
        ...(slot.divisionId ? { divisionId: slot.divisionId } : {}),
      });
      // Two specialists of the unit's first division (its office) keep the directory page.
      if (admins.length < 2 && slot.position.rank === RANKS.specialist && slot.divisionId === unitDivisions[0]?.id)
        admins.push(id);
    }
    if (unit.id === CITY_ID)
      admins.push(...officials.filter((o) => o.unitId === CITY_ID && o.rank === RANKS.specialist).map((o) => o.id));
    directoryAdmins.set(unit.id, admins);
  }
  return { units, divisions, officials, directoryAdmins };
}

function unitSizes(random: Random, total: number): Map<string, number> {
  const units = cityUnits();
  const count = (kind: UnitKind) => units.filter((u) => u.kind === kind).length;
  const sizes = new Map<string, number>();
  for (const unit of units) {
    const jitter = unit.kind === 'city' ? 1 : 0.75 + random.next() * 0.5;
    sizes.set(unit.id, Math.max(1, Math.round((total * SHARE[unit.kind] * jitter) / count(unit.kind))));
  }
  return sizes;
}

interface Slot {
  readonly position: Position;
  readonly divisionId: string | null;
}

function staffing(kind: UnitKind, size: number, divisions: readonly GeneratedDivision[], random: Random): Slot[] {
  const positions = POSITIONS_BY_UNIT_KIND[kind];
  const at = (rank: number, id?: string) => positions.find((p) => p.rank === rank && (id === undefined || p.id === id));
  const head = positions[0] as Position;
  const deputy = at(RANKS.deputy) as Position;
  const slots: Slot[] = [{ position: head, divisionId: null }];
  for (let i = 0; i < DEPUTIES[kind]; i++) slots.push({ position: deputy, divisionId: null });
  if (divisions.length === 0) {
    const aide = at(RANKS.specialist) as Position;
    const target = Math.max(size, slots.length + 2);
    while (slots.length < target) slots.push({ position: aide, divisionId: null });
    return slots;
  }
  const divisionHead = at(RANKS.divisionHead, 'division-head') as Position;
  const divisionDeputy = at(RANKS.divisionDeputy) as Position;
  for (const d of divisions) slots.push({ position: divisionHead, divisionId: d.id });
  for (const d of divisions) slots.push({ position: divisionDeputy, divisionId: d.id });
  const specialist = at(RANKS.specialist, 'specialist') as Position;
  const senior = at(RANKS.specialist, 'senior-specialist') as Position;
  const staff = at(RANKS.staff) as Position;
  // Every division gets at least two specialists, so each has someone to assign work to.
  for (const d of divisions) for (let i = 0; i < 2; i++) slots.push({ position: specialist, divisionId: d.id });
  while (slots.length < size) {
    const roll = random.next();
    const position = roll < 0.2 ? senior : roll < 0.85 ? specialist : staff;
    slots.push({ position, divisionId: random.pick(divisions).id });
  }
  return slots;
}
