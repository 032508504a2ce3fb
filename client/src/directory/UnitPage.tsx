import { mayEditUnitPage } from '@thongsuot/shared/access/unit-page-access';
import { directoryOrder } from '@thongsuot/shared/search/people-search';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatNumber } from '../i18n/i18n.ts';
import { usePlatform } from '../shell/platform-context.ts';
import type { DirectoryOfficialRow, DirectoryUnitRow } from '../store/local-db.ts';
import { PersonRow } from './PeopleList.tsx';
import { PersonForm } from './PersonForm.tsx';
import { UnitSyncState } from './UnitSyncState.tsx';
import { VirtualRows } from './VirtualRows.tsx';

type Row =
  | { kind: 'heading'; id: string; title: string; count: number }
  | { kind: 'person'; person: DirectoryOfficialRow };

/** A unit's page: its facts, its leaders, then each division with its people. */
export function UnitPage({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const { db, user } = usePlatform();
  const unit = useLiveQuery(async () => (await db.units.get(unitId)) ?? null, [unitId]);
  const parent = useLiveQuery(async () => (unit?.parentId ? await db.units.get(unit.parentId) : undefined), [unit]);
  const people = useLiveQuery(() => db.officials.where('unitId').equals(unitId).toArray(), [unitId]);
  const [adding, setAdding] = useState(false);
  const rows = useMemo(() => (unit && people ? unitRows(unit, people, t) : []), [unit, people, t]);
  if (unit === undefined) return <p className="muted">{t('app.loading')}</p>;
  if (unit === null) {
    return (
      <section>
        <Link href="/" className="back-link">
          ← {t('directory.backToDirectory')}
        </Link>
        <p className="notice">{t('directory.unitNotFound')}</p>
      </section>
    );
  }
  const editor = mayEditUnitPage(
    { id: user.id, unitId: user.unitId, ...(user.rank ? { rank: user.rank } : {}) },
    { admins: unit.admins ?? [], unit: { id: unit.id } },
  );
  return (
    <section aria-labelledby="unit-heading" className="unit-page">
      <Link href="/" className="back-link">
        ← {t('directory.backToDirectory')}
      </Link>
      <h1 id="unit-heading">{unit.name}</h1>
      <dl className="facts">
        {parent && (
          <>
            <dt>{t('directory.parentUnit')}</dt>
            <dd>
              <Link href={`/units/${parent.id}`}>{parent.name}</Link>
            </dd>
          </>
        )}
        {unit.address && (
          <>
            <dt>{t('directory.address')}</dt>
            <dd>{unit.address}</dd>
          </>
        )}
        {unit.phone && (
          <>
            <dt>{t('directory.phone')}</dt>
            <dd>
              <a href={`tel:${unit.phone}`}>{unit.phone}</a>
            </dd>
          </>
        )}
        {unit.email && (
          <>
            <dt>{t('directory.email')}</dt>
            <dd>
              <a href={`mailto:${unit.email}`}>{unit.email}</a>
            </dd>
          </>
        )}
      </dl>
      <p className="page-intro">
        {t('directory.peopleCount', { count: people?.length ?? 0, formatted: formatNumber(people?.length ?? 0) })}
      </p>
      {editor && (
        <div className="unit-admin">
          <p className="muted">{t('directory.youAreAdmin')}</p>
          <UnitSyncState unitId={unit.id} />
          {adding ? (
            <PersonForm unit={unit} onDone={() => setAdding(false)} />
          ) : (
            <button type="button" className="button" onClick={() => setAdding(true)}>
              {t('directory.addPerson')}
            </button>
          )}
        </div>
      )}
      <VirtualRows
        count={rows.length}
        estimateSize={(i) => (rows[i]?.kind === 'heading' ? 52 : 76)}
        rowKey={(i) => {
          const row = rows[i] as Row;
          return row.kind === 'heading' ? `h-${row.id}` : row.person.id;
        }}
        testId="unit-people"
        renderRow={(i) => {
          const row = rows[i] as Row;
          if (row.kind === 'heading') {
            return (
              <h2 className="division-heading">
                {row.title} <span className="muted">({formatNumber(row.count)})</span>
              </h2>
            );
          }
          return <PersonRow person={row.person} />;
        }}
      />
    </section>
  );
}

function unitRows(unit: DirectoryUnitRow, people: readonly DirectoryOfficialRow[], t: (key: string) => string): Row[] {
  const ordered = directoryOrder(people);
  const divisions = [...(unit.divisions ?? [])].sort((a, b) => a.order - b.order);
  const known = new Set(divisions.map((d) => d.id));
  const rows: Row[] = [];
  const section = (id: string, title: string, members: DirectoryOfficialRow[]) => {
    if (members.length === 0) return;
    rows.push({ kind: 'heading', id, title, count: members.length });
    for (const person of members) rows.push({ kind: 'person', person });
  };
  section(
    'leaders',
    t('directory.leaders'),
    ordered.filter((p) => !p.divisionId && (p.rank ?? 9) <= 2),
  );
  for (const d of divisions)
    section(
      d.id,
      d.name,
      ordered.filter((p) => p.divisionId === d.id),
    );
  section(
    'other',
    t('directory.otherStaff'),
    ordered.filter((p) => (p.divisionId ? !known.has(p.divisionId) : (p.rank ?? 9) > 2)),
  );
  return rows;
}
