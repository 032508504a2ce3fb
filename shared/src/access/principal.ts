/**
 * A principal is anything a document can be shared with: one person (`user:<id>`) or every
 * member of a unit (`unit:<id>`). The relay stores a doc's readers as principals and fans an
 * update out to every connection whose person holds one of them.
 */
export type Principal = `user:${string}` | `unit:${string}`;

export interface Person {
  readonly id: string;
  readonly unitId: string;
}

export function userPrincipal(userId: string): Principal {
  return `user:${userId}`;
}

export function unitPrincipal(unitId: string): Principal {
  return `unit:${unitId}`;
}

export function principalsOf(person: Person): Principal[] {
  return [userPrincipal(person.id), unitPrincipal(person.unitId)];
}
