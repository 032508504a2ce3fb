import { foldVietnamese } from '../text/fold.ts';
import { SearchIndex, type SearchResult } from './search-index.ts';

/** What people search needs to know of an official. */
export interface SearchablePerson {
  readonly id: string;
  readonly fullName: string;
  readonly position: string;
  /** 1 = head of the unit (org/positions.ts): leaders come first; unknown reads last. */
  readonly rank?: number | undefined;
  readonly unitId: string;
  readonly phone?: string;
}

/**
 * The order a directory reads in: leaders first, then by given name as Vietnamese lists are
 * sorted (the given name is the last word: "Nguyễn Văn An" files under A), then full name.
 */
export function directoryOrder<P extends SearchablePerson>(people: readonly P[]): P[] {
  const keyed = people.map((person) => {
    const folded = foldVietnamese(person.fullName);
    return { person, key: `${folded.slice(folded.lastIndexOf(' ') + 1)} ${folded} ${person.id}` };
  });
  keyed.sort((a, b) => (a.person.rank ?? 9) - (b.person.rank ?? 9) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.person);
}

/**
 * Search over every official by name, position, unit or phone. Built once from the directory
 * on the device (tens of milliseconds for 50,000 people), then each keystroke is a lookup.
 */
export class PeopleSearch<P extends SearchablePerson> {
  /** Everyone, in directory order; results index into it. */
  readonly people: readonly P[];
  readonly #index: SearchIndex;

  constructor(people: readonly P[], unitNames: ReadonlyMap<string, string>) {
    this.people = directoryOrder(people);
    this.#index = new SearchIndex(
      this.people.map((p) => ({
        texts: [p.fullName],
        context: [p.position, unitNames.get(p.unitId) ?? ''],
        exact: p.fullName,
        phones: p.phone ? [p.phone] : [],
      })),
    );
  }

  search(query: string): SearchResult {
    return this.#index.search(query);
  }

  /** The first `limit` people matching, best first. */
  find(query: string, limit = 50): P[] {
    const { indices } = this.search(query);
    const out: P[] = [];
    for (let i = 0; i < indices.length && i < limit; i++) out.push(this.people[indices[i] as number] as P);
    return out;
  }
}
