import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatNumber } from '../i18n/i18n.ts';
import type { DirectoryUnitRow } from '../store/local-db.ts';

/** The kinds of unit in the order the city reads them; the City's own bodies are open at first. */
const GROUPS = [
  { key: 'city', kinds: ['city', 'office'], open: true },
  { key: 'department', kinds: ['department'], open: false },
  { key: 'ward', kinds: ['ward'], open: false },
  { key: 'commune', kinds: ['commune'], open: false },
  { key: 'special_zone', kinds: ['special_zone'], open: true },
  { key: 'external', kinds: ['external'], open: false },
] as const;

/**
 * The organization: the City, its departments, wards, communes and special zone, each a unit page.
 * A closed group's list is made when it is opened: the 168 wards and communes are most of the
 * tree, and building them on every visit cost the directory's first screen ~100 ms on a slowed
 * phone (docs/design.md §19); the directory's search finds any unit by name meanwhile.
 */
export function OrgTree({ units }: { units: readonly DirectoryUnitRow[] }) {
  const { t } = useTranslation();
  return (
    <nav className="org-tree" aria-label={t('directory.units')}>
      {GROUPS.map((group) => {
        const members = units.filter((u) => (group.kinds as readonly string[]).includes(u.kind));
        if (members.length === 0) return null;
        if (group.key === 'city') members.sort((a, b) => (a.kind === 'city' ? -1 : b.kind === 'city' ? 1 : 0));
        return <OrgGroup key={group.key} name={group.key} members={members} initiallyOpen={group.open} />;
      })}
    </nav>
  );
}

function OrgGroup({
  name,
  members,
  initiallyOpen,
}: {
  name: string;
  members: readonly DirectoryUnitRow[];
  initiallyOpen: boolean;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <details open={initiallyOpen} className="org-group" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        {t(`directory.groups.${name}`)} <span className="muted">({formatNumber(members.length)})</span>
      </summary>
      {open && (
        <ul>
          {members.map((unit) => (
            <li key={unit.id}>
              <Link href={`/units/${unit.id}`}>{unit.name}</Link>
              {unit.people !== undefined && (
                <span className="muted">
                  {' '}
                  · {t('directory.peopleCount', { count: unit.people, formatted: formatNumber(unit.people) })}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
