import { CITY_OFFICE_ID } from '@thongsuot/shared/org/city-structure';
import { isHigherSourceLevel } from '@thongsuot/shared/org/source-level';

/** What a task says of where it came from (TaskCard, TaskDetail). */
export interface IssuerFacts {
  readonly sourceLevel?: string | undefined;
  readonly issuerUnitId: string;
  /** A handed-down task is given by its issuer, whatever level it originally came from. */
  readonly hasParent: boolean;
}

/**
 * Whether the task is a directive from above the city that the City Office registered: then the
 * issuing body (the Government Office, the City Party Committee, …) is who gives it, and the
 * specialist who typed it in is its registrant — two facts, shown apart, never one for the other.
 */
export function registeredFromAbove(task: IssuerFacts): string | null {
  const level = task.sourceLevel ?? 'city_people_committee';
  return !task.hasParent && isHigherSourceLevel(level) && task.issuerUnitId === CITY_OFFICE_ID ? level : null;
}
