import { CITY_OFFICE_ID } from '../org/city-structure.ts';
import { RANKS } from '../org/positions.ts';
import { type Person, unitsOf } from './principal.ts';

/**
 * What a person's rank lets them do, wherever they act:
 * - lead a unit (its head and deputies): speak for the unit, approve, publish its bulletin;
 * - assign to units: leaders (the Standing Committee assigns to any unit this way), and the staff
 *   of the Office of the City People's Committee, who register the Standing Committee's
 *   directives and conclusions and follow them up on its behalf;
 * - assign to people: heads and deputies of divisions and up;
 * - approve (decide extensions, confirm completion): leaders.
 * A person without a known rank (the walking skeleton's { id, unitId }) passes every rank check.
 */
export function rankAtMost(person: Person, rank: number): boolean {
  return person.rank === undefined || person.rank <= rank;
}

export function leadsUnit(person: Person, unitId: string): boolean {
  return unitsOf(person).includes(unitId) && rankAtMost(person, RANKS.deputy);
}

export function mayAssignToUnits(person: Person): boolean {
  return rankAtMost(person, RANKS.deputy) || person.unitId === CITY_OFFICE_ID;
}

export function mayAssignToPeople(person: Person): boolean {
  return rankAtMost(person, RANKS.divisionDeputy);
}

export function mayApprove(person: Person): boolean {
  return rankAtMost(person, RANKS.deputy);
}

/** Who may speak for a unit on a unit assignment: ask for more time, hand work down. */
export function speaksForUnit(person: Person, unitId: string): boolean {
  return unitsOf(person).includes(unitId) && rankAtMost(person, RANKS.divisionHead);
}
