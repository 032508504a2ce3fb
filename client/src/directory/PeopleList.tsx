import { Link } from 'wouter';
import type { DirectoryOfficialRow, DirectoryUnitRow } from '../store/local-db.ts';
import { VirtualRows } from './VirtualRows.tsx';

interface PeopleListProps {
  /** The people to show, in this order. */
  readonly people: readonly DirectoryOfficialRow[];
  readonly units: ReadonlyMap<string, DirectoryUnitRow>;
}

/** Search results: one row per official, virtualized (a search for "n" matches 30,000 people). */
export function PeopleList({ people, units }: PeopleListProps) {
  const at = (i: number) => people[i] as DirectoryOfficialRow;
  return (
    <VirtualRows
      count={people.length}
      estimateSize={() => 76}
      rowKey={(i) => at(i).id}
      testId="people"
      renderRow={(i) => <PersonRow person={at(i)} unitName={units.get(at(i).unitId)?.name} />}
    />
  );
}

export function PersonRow({ person, unitName }: { person: DirectoryOfficialRow; unitName?: string | undefined }) {
  return (
    <div className="person-row">
      <Link href={`~/directory/people/${person.id}`} className="person-main">
        <strong className="person-name">{person.fullName}</strong>
        <span className="person-position">{person.position}</span>
        {unitName && <span className="person-unit">{unitName}</span>}
      </Link>
      {person.phone && (
        <a className="person-call" href={`tel:${person.phone.replace(/[^\d+]/g, '')}`} aria-label={person.phone}>
          {person.phone}
        </a>
      )}
    </div>
  );
}
