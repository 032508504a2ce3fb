import { SearchIndex } from '@thongsuot/shared/search/search-index';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { usePlatform } from '../shell/platform-context.ts';
import type { DirectoryUnitRow, LocalDb } from '../store/local-db.ts';
import { type IndexReply, type IndexRequest, type PeopleAnswer, PeopleIndexCore } from './people-index-core.ts';
import { DIRECTORY_VERSION_KEY } from './unit-projection.ts';

export type { PeopleAnswer } from './people-index-core.ts';

/**
 * The directory on the device: the units by id (in the page), and every official searchable per
 * keystroke through the index in a worker (people-index-core.ts), so opening a screen with 50,000
 * officials does not block it.
 */
export interface DirectoryIndex {
  readonly version: number;
  /** How many officials are searchable. */
  readonly count: number;
  readonly units: ReadonlyMap<string, DirectoryUnitRow>;
  readonly unitList: readonly DirectoryUnitRow[];
  readonly unitSearch: SearchIndex;
  /** The people matching `query`: how many, and the first `limit` in directory order. */
  find(query: string, limit: number): Promise<PeopleAnswer>;
}

interface IndexClient {
  call(request: IndexRequest): Promise<IndexReply>;
}

let client: IndexClient | null = null;

/** One index per page: a load or a download replaces what it holds (one person per tab). */
function indexClient(): IndexClient {
  if (client) return client;
  if (typeof Worker === 'undefined') {
    // No worker (unit tests in Node): the same code, in order, in the page.
    const core = new PeopleIndexCore();
    let queue: Promise<unknown> = Promise.resolve();
    client = {
      call: (request) => {
        const answer = queue.then(() => core.handle(request));
        queue = answer.catch(() => undefined);
        return answer;
      },
    };
    return client;
  }
  const worker = new Worker(new URL('./people-index.worker.ts', import.meta.url), {
    type: 'module',
    name: 'directory-index',
  });
  const waiting = new Map<number, { resolve: (reply: IndexReply) => void; reject: (error: Error) => void }>();
  let next = 0;
  worker.onmessage = (event: MessageEvent<{ id: number; reply?: IndexReply; error?: string }>) => {
    const { id, reply, error } = event.data;
    const call = waiting.get(id);
    waiting.delete(id);
    if (error !== undefined || !reply) call?.reject(new Error(error ?? 'no reply'));
    else call?.resolve(reply);
  };
  // A worker that cannot start or crashes fails what waits on it, rather than leaving the
  // directory "loading" for ever.
  worker.onerror = (event) => {
    for (const call of waiting.values()) call.reject(new Error(event.message || 'directory index worker failed'));
    waiting.clear();
  };
  client = {
    call: (request) =>
      new Promise((resolve, reject) => {
        next += 1;
        waiting.set(next, { resolve, reject });
        worker.postMessage({ id: next, request });
      }),
  };
  return client;
}

const built = new WeakMap<LocalDb, { version: number; index: Promise<DirectoryIndex> }>();

function makeIndex(version: number, reply: IndexReply, rows: DirectoryUnitRow[]): DirectoryIndex {
  const { count, unitOrder } = 'count' in reply ? reply : { count: 0, unitOrder: [] };
  // In Vietnamese alphabetical order, as the index sorted them (people-index-core.ts).
  const units = new Map(rows.map((u) => [u.id, u]));
  const unitList = unitOrder.flatMap((id) => units.get(id) ?? []);
  const unitSearch = new SearchIndex(unitList.map((u) => ({ texts: [u.name], exact: u.name })));
  performance.mark('directory-index-ready', { detail: { people: count } });
  const find = (query: string, limit: number) =>
    indexClient()
      .call({ kind: 'search', query, limit })
      .then((answer) => answer as PeopleAnswer);
  return { version, count, units, unitList, unitSearch, find };
}

/** Builds the index once per directory version; pages that come and go share it. */
export function directoryIndex(db: LocalDb, version: number): Promise<DirectoryIndex> {
  const cached = built.get(db);
  if (cached?.version === version) return cached.index;
  const index = (async () => {
    const [reply, unitList] = await Promise.all([
      indexClient().call({ kind: 'load', dbName: db.name }),
      db.units.toArray(),
    ]);
    return makeIndex(version, reply, unitList);
  })();
  built.set(db, { version, index });
  return index;
}

/** The directory index, rebuilt when the directory on the device changes; undefined while building. */
export function useDirectoryIndex(): DirectoryIndex | undefined {
  const { db } = usePlatform();
  const version = useLiveQuery(async () => (await db.getMeta<number>(DIRECTORY_VERSION_KEY)) ?? 0, [db]);
  const [index, setIndex] = useState<DirectoryIndex>();
  const hasIndex = index !== undefined;
  useEffect(() => {
    if (version === undefined) return;
    let live = true;
    // Pages arriving one after another over the socket rebuild the index once, not per page.
    const timer = setTimeout(
      () => {
        const building = directoryIndex(db, version);
        void building.then((next) => {
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

/** An answer of the index, with the query it answers. */
export type PeopleFound = PeopleAnswer & { readonly query: string };

/** The people matching what is typed, once the index answers; null with nothing typed. */
export function usePeopleFound(index: DirectoryIndex | undefined, query: string, limit: number): PeopleFound | null {
  const [answer, setAnswer] = useState<PeopleFound | null>(null);
  const typed = query.trim() !== '';
  useEffect(() => {
    if (!index || !typed) return;
    let live = true;
    void index.find(query, limit).then((next) => {
      // Only the answer to what is typed now: a slower earlier one never overwrites it.
      if (live) setAnswer({ ...next, query });
    });
    return () => {
      live = false;
    };
  }, [index, query, typed, limit]);
  // Until the answer to this query arrives, the previous one stays on screen, saying which it is.
  return typed ? answer : null;
}
