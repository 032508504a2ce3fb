import { useLiveQuery } from 'dexie-react-hooks';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatNumber } from '../i18n/i18n.ts';
import { usePlatform, useSyncStatus } from '../shell/platform-context.ts';
import { DIRECTORY_DOWNLOADED_KEY, DIRECTORY_PROGRESS_KEY, type DirectoryProgress } from './directory-keys.ts';
import { OrgTree } from './OrgTree.tsx';
import { PeopleList } from './PeopleList.tsx';
import { useDirectoryIndex, usePeopleFound } from './people-index.ts';

const QUERY_KEY = 'thongsuot.directory.query';
/**
 * The best matches listed; beyond them, nobody scrolls — they type one more letter. ("n" finds
 * 30,000 people: listing them all made every keystroke lay out a list of 30,000 rows.)
 */
const MAX_LISTED = 500;

/** Search over every official, and the organization as a tree when nothing is typed. */
export function DirectoryHome() {
  const { t } = useTranslation();
  const index = useDirectoryIndex();
  // Kept for the session, so coming back from a person card finds the same results.
  const [query, setQuery] = useState(() => sessionStorage.getItem(QUERY_KEY) ?? '');
  const typedAt = useRef<number | null>(null);
  // People from the index in its worker; the units (a few hundred) from the page's own index.
  const people = usePeopleFound(index, query, MAX_LISTED);
  const units = useMemo(() => {
    if (!index || query.trim() === '') return [];
    return [...index.unitSearch.search(query).indices.slice(0, 5)].map((i) => index.unitList[i]);
  }, [index, query]);
  const found = people && { people, units };

  // One measure per keystroke, input event to results on screen (read by the bench).
  useLayoutEffect(() => {
    if (typedAt.current === null || !people) return;
    performance.measure('directory-keystroke', { start: typedAt.current, end: performance.now() });
    typedAt.current = null;
  }, [people]);

  if (index && index.count === 0) {
    return (
      <section aria-labelledby="directory-heading">
        <h1 id="directory-heading">{t('directory.title')}</h1>
        <p className="notice">{t('directory.notLoaded')}</p>
      </section>
    );
  }
  const count = index?.count;
  return (
    <section aria-labelledby="directory-heading" className="directory">
      <h1 id="directory-heading">{t('directory.title')}</h1>
      <p className="page-intro">
        {count === undefined
          ? t('directory.loading')
          : t('directory.people', { count, formatted: formatNumber(count) })}
      </p>
      <DownloadProgress />
      <label className="search-field">
        {t('directory.search')}
        <input
          type="search"
          value={query}
          disabled={!index}
          onChange={(e) => {
            typedAt.current = performance.now();
            setQuery(e.target.value);
            sessionStorage.setItem(QUERY_KEY, e.target.value);
          }}
          autoComplete="off"
          spellCheck={false}
        />
        <span className="muted">{t('directory.searchHint')}</span>
      </label>
      {index && found && (
        <>
          {found.units.length > 0 && (
            <div className="unit-matches">
              <h2>{t('directory.unitsFound')}</h2>
              <ul>
                {found.units.map(
                  (unit) =>
                    unit && (
                      <li key={unit.id}>
                        <Link href={`/units/${unit.id}`}>{unit.name}</Link>
                      </li>
                    ),
                )}
              </ul>
            </div>
          )}
          {/* The previous query's people stay until the index answers the new one, dimmed if it is slow. */}
          <div className={found.people.query === query ? 'people-found' : 'people-found stale'}>
            <p
              className="muted"
              aria-live="polite"
              aria-busy={found.people.query !== query}
              data-testid="found-count"
              data-query={found.people.query}
            >
              {found.people.total === 0
                ? t('directory.noMatch')
                : t('directory.found', { count: found.people.total, formatted: formatNumber(found.people.total) })}
            </p>
            {found.people.total > MAX_LISTED && (
              <p className="muted" data-testid="found-more">
                {t('directory.narrowDown', { formatted: formatNumber(MAX_LISTED) })}
              </p>
            )}
            <PeopleList people={found.people.people} units={index.units} />
          </div>
        </>
      )}
      {index && !found && <OrgTree units={index.unitList} />}
    </section>
  );
}

/** While a new device's directory is still arriving (directory-download.ts): how far, and what can be found. */
function DownloadProgress() {
  const { t } = useTranslation();
  const { db } = usePlatform();
  const { connectivity } = useSyncStatus();
  const state = useLiveQuery(async () => {
    if (await db.getMeta<number>(DIRECTORY_DOWNLOADED_KEY)) return null;
    return (await db.getMeta<DirectoryProgress>(DIRECTORY_PROGRESS_KEY)) ?? null;
  }, [db]);
  if (!state) return null;
  const offline = connectivity === 'offline';
  if (state.total === null && !offline) return <p className="notice">{t('directory.partialStart')}</p>;
  const values = { units: formatNumber(state.units), total: state.total === null ? '…' : formatNumber(state.total) };
  return (
    <p className="notice" role="status">
      {t(offline ? 'directory.partialOffline' : 'directory.partial', values)}
    </p>
  );
}
