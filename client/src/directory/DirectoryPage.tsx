import { useLiveQuery } from 'dexie-react-hooks';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/i18n.ts';
import { usePlatform } from '../shell/platform-context.ts';
import { searchOfficials } from './directory-cache.ts';
import { useUnitNames, useUnits } from './use-units.ts';

/** People search and the list of units, from the directory copy on this device (works offline). */
export function DirectoryPage() {
  const { t } = useTranslation();
  const { db } = usePlatform();
  const [query, setQuery] = useState('');
  const typed = useDeferredValue(query);
  const units = useUnits();
  const unitNames = useUnitNames();
  const people = useLiveQuery(() => db.officials.count(), []);
  const found = useLiveQuery(() => searchOfficials(db, typed), [typed]);
  if (units !== undefined && units.length === 0) {
    return (
      <section aria-labelledby="directory-heading">
        <h1 id="directory-heading">{t('directory.title')}</h1>
        <p className="notice">{t('directory.notLoaded')}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="directory-heading">
      <h1 id="directory-heading">{t('directory.title')}</h1>
      {people !== undefined && (
        <p className="page-intro">{t('directory.people', { count: people, formatted: formatNumber(people) })}</p>
      )}
      <label className="search-field">
        {t('directory.search')}
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
        <span className="muted">{t('directory.searchHint')}</span>
      </label>
      {typed.trim() !== '' && found !== undefined && (
        <ul className="people" data-testid="people">
          {found.length === 0 && <li className="empty">{t('directory.noMatch')}</li>}
          {found.map((person) => (
            <li key={person.id} className="person">
              <strong>{person.fullName}</strong>
              <span className="muted">
                {person.position} · {unitNames.get(person.unitId) ?? person.unitId}
              </span>
              {person.phone && <a href={`tel:${person.phone}`}>{person.phone}</a>}
            </li>
          ))}
        </ul>
      )}
      <details className="units">
        <summary>
          {t('directory.units')} ({formatNumber(units?.length ?? 0)})
        </summary>
        <ul>
          {(units ?? [])
            .slice()
            .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
            .map((unit) => (
              <li key={unit.id}>{unit.name}</li>
            ))}
        </ul>
      </details>
    </section>
  );
}
