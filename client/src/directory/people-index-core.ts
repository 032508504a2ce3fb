import { PeopleSearch } from '@thongsuot/shared/search/people-search';
import { compareVi } from '../i18n/collate.ts';
import type { DirectoryOfficialRow, DirectoryUnitRow } from '../store/local-db.ts';

/** What a search answers: how many matched, and the first of them in directory order. */
export interface PeopleAnswer {
  readonly total: number;
  readonly people: DirectoryOfficialRow[];
}

/** The messages of the directory's index (people-index.worker.ts), each answered by its id. */
export type IndexRequest =
  | { readonly kind: 'load'; readonly dbName: string }
  | { readonly kind: 'search'; readonly query: string; readonly limit: number };

/**
 * A load's answer: how many people are searchable, and the units' ids in Vietnamese alphabetical
 * order (a collator costs a slowed phone's page ~200 ms to build and use; here it is off the page).
 */
export interface LoadedIndex {
  readonly count: number;
  readonly unitOrder: string[];
}

export type IndexReply = LoadedIndex | PeopleAnswer;

/** Every row of one store of the person's IndexedDB, read without Dexie (a worker has none). */
function readAll<T>(dbName: string, store: string): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(dbName);
    // Deleted meanwhile (signed out in a tab): never create it again, empty, by reading it.
    let gone = false;
    open.onupgradeneeded = () => {
      gone = true;
      open.transaction?.abort();
    };
    open.onerror = () => (gone ? resolve([]) : reject(open.error));
    open.onsuccess = () => {
      const db = open.result;
      const read = db.transaction(store, 'readonly').objectStore(store).getAll();
      read.onerror = () => reject(read.error);
      read.onsuccess = () => {
        db.close();
        resolve(read.result as T[]);
      };
    };
  });
}

/**
 * The directory's word index over every official (50,000 in the city): building it takes seconds
 * on a phone, so it runs in a worker and the page asks it per keystroke (people-index.ts). Where
 * there is no worker (unit tests in Node), the same class answers in the page.
 */
export class PeopleIndexCore {
  #people: PeopleSearch<DirectoryOfficialRow> | null = null;

  async handle(request: IndexRequest): Promise<IndexReply> {
    if (request.kind === 'search') return this.#answer(request.query, request.limit);
    const [officials, units] = await Promise.all([
      readAll<DirectoryOfficialRow>(request.dbName, 'officials'),
      readAll<DirectoryUnitRow>(request.dbName, 'units'),
    ]);
    this.#people = new PeopleSearch(officials, new Map(units.map((u) => [u.id, u.name])));
    const unitOrder = [...units].sort((a, b) => compareVi(a.name, b.name)).map((u) => u.id);
    return { count: officials.length, unitOrder };
  }

  #answer(query: string, limit: number): PeopleAnswer {
    const search = this.#people;
    if (!search) return { total: 0, people: [] };
    const { indices } = search.search(query);
    const people: DirectoryOfficialRow[] = [];
    for (let i = 0; i < indices.length && i < limit; i++)
      people.push(search.people[indices[i] as number] as DirectoryOfficialRow);
    return { total: indices.length, people };
  }
}
