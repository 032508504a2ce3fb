/**
 * A principal is anything a document can be shared with: one person (`user:<id>`), every
 * member of a unit (`unit:<id>`), or every official of the city (`org:all`, for directory
 * pages and city-wide bulletins). The relay stores a doc's readers as principals and fans an
 * update out to every connection whose person holds one of them.
 */
export type Principal = `user:${string}` | `unit:${string}` | 'org:all';

export const EVERYONE: Principal = 'org:all';

/**
 * The person acting. `rank` (1 = head of unit, see org/positions.ts) decides who leads, who may
 * assign and who may approve. The walking skeleton knew only { id, unitId }: while `rank` is
 * absent, the rank rules are not applied (access/capabilities.ts), so pass it wherever it is known.
 */
export interface Person {
  readonly id: string;
  readonly unitId: string;
  readonly rank?: number;
  /**
   * A system administrator acting through the admin console's routes (docs/operations.md), which
   * set it after checking the role; a device's socket never does. Edits every unit page.
   */
  readonly admin?: boolean;
  /**
   * Units merged into the person's unit (the 2025 mergers of wards, an administrator's merge):
   * their open work is the absorbing unit's now, so its people read and act for them too.
   */
  readonly mergedUnitIds?: readonly string[];
}

/** The units a person acts for: their own, and those merged into it. */
export function unitsOf(person: Person): readonly string[] {
  return person.mergedUnitIds?.length ? [person.unitId, ...person.mergedUnitIds] : [person.unitId];
}

export function userPrincipal(userId: string): Principal {
  return `user:${userId}`;
}

export function unitPrincipal(unitId: string): Principal {
  return `unit:${unitId}`;
}

export function principalsOf(person: Person): Principal[] {
  return [userPrincipal(person.id), ...unitsOf(person).map(unitPrincipal), EVERYONE];
}
