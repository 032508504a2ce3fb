import { PeopleSearch } from '@thongsuot/shared/search/people-search';
import { SearchIndex } from '@thongsuot/shared/search/search-index';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { usePlatform } from '../shell/platform-context.ts';
import type { DirectoryOfficialRow, DirectoryUnitRow, LocalDb } from '../store/local-db.ts';
import { DIRECTORY_VERSION_KEY } from './unit-projection.ts';

/** The directory in memory: every official searchable per keystroke, and the units by id. */
export interface DirectoryIndex {
  readonly version: number;
  readonly people: PeopleSearch<DirectoryOfficialRow>;
  readonly units: ReadonlyMap<string, DirectoryUnitRow>;
  readonly unitList: readonly DirectoryUnitRow[];
  readonly unitSearch: SearchIndex;
}

const built = new WeakMap<LocalDb, { version: number; index: Promise<DirectoryIndex> }>();
const primedListeners = new Set<(db: LocalDb) => void>();
/** The version of an index built from a download not yet in IndexedDB. */
const PRIMED = -1;

function makeIndex(version: number, officials: DirectoryOfficialRow[], unitList: DirectoryUnitRow[]): DirectoryIndex {
  unitList.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  const units = new Map(unitList.map((u) => [u.id, u]));
  const names = new Map(unitList.map((u) => [u.id, u.name]));
  const people = new PeopleSearch(officials, names);
  const unitSearch = new SearchIndex(unitList.map((u) => ({ texts: [u.name], exact: u.name })));
  performance.mark('directory-index-ready', { detail: { people: officials.length } });
  return { version, people, units, unitList, unitSearch };
}

/** Builds the index once per directory version; pages that come and go share it. */
export function directoryIndex(db: LocalDb, version: number): Promise<DirectoryIndex> {
  const cached = built.get(db);
  if (cached?.version === version) return cached.index;
  const index = (async () => {
    const [officials, unitList] = await Promise.all([db.officials.toArray(), db.units.toArray()]);
    return makeIndex(version, officials, unitList);
  })();
  built.set(db, { version, index });
  return index;
}

/**
 * A first download is searchable as soon as it is decoded: the index is built from the rows in
 * memory while IndexedDB is still writing them (seconds for 50,000 people on a phone).
 */
export function primeDirectoryIndex(db: LocalDb, officials: DirectoryOfficialRow[], units: DirectoryUnitRow[]): void {
  built.set(db, { version: PRIMED, index: Promise.resolve(makeIndex(PRIMED, officials, units)) });
  for (const listener of primedListeners) listener(db);
}

/** Once the download is stored as `version`, the primed index is that version's: no rebuild. */
export function adoptPrimedIndex(db: LocalDb, version: number): void {
  const cached = built.get(db);
  if (cached?.version === PRIMED) built.set(db, { version, index: cached.index });
}

/** The directory index, rebuilt when the directory on the device changes; undefined while building. */
export function useDirectoryIndex(): DirectoryIndex | undefined {
  const { db } = usePlatform();
  const version = useLiveQuery(async () => (await db.getMeta<number>(DIRECTORY_VERSION_KEY)) ?? 0, [db]);
  const [index, setIndex] = useState<DirectoryIndex>();
  const hasIndex = index !== undefined;
  useEffect(() => {
    const listener = (primed: LocalDb) => {
      if (primed === db) void built.get(db)?.index.then(setIndex);
    };
    primedListeners.add(listener);
    return () => {
      primedListeners.delete(listener);
    };
  }, [db]);
  useEffect(() => {
    if (version === undefined) return;
    let live = true;
    // Pages arriving one after another over the socket rebuild the index once, not per page.
    const timer = setTimeout(
      () => {
        const building = directoryIndex(db, version);
        void building.then((next) => {
          // A download primed meanwhile is newer than what this build read.
          if (live && built.get(db)?.index === building) setIndex(next);
        });
      },
      hasIndex ? 300 : 0,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [db, version, hasIndex]);
  return index;
}
