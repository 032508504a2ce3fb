import { mayEditUnitPage } from '@thongsuot/shared/access/unit-page-access';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { usePlatform } from '../shell/platform-context.ts';
import { removePerson } from './directory-edits.ts';
import { PersonForm } from './PersonForm.tsx';
import { PublicKeys } from './PublicKeys.tsx';
import { UnitSyncState } from './UnitSyncState.tsx';

/** One official: position, unit, phone and email to tap, and what one does with a colleague. */
export function PersonCard({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const platform = usePlatform();
  const { db, user } = platform;
  const [, navigate] = useLocation();
  const [editing, setEditing] = useState(false);
  const person = useLiveQuery(async () => (await db.officials.get(personId)) ?? null, [personId]);
  const unit = useLiveQuery(async () => (person ? await db.units.get(person.unitId) : undefined), [person]);
  if (person === undefined) return <p className="muted">{t('app.loading')}</p>;
  if (person === null) {
    return (
      <section>
        <Link href="/" className="back-link">
          ← {t('directory.backToDirectory')}
        </Link>
        <p className="notice">{t('directory.notFound')}</p>
      </section>
    );
  }
  const division = unit?.divisions?.find((d) => d.id === person.divisionId);
  const editor =
    unit !== undefined &&
    mayEditUnitPage(
      { id: user.id, unitId: user.unitId, ...(user.rank ? { rank: user.rank } : {}) },
      { admins: unit.admins ?? [], unit: { id: unit.id } },
    );
  const tel = person.phone.replace(/[^\d+]/g, '');
  return (
    <article className="person-card" aria-labelledby="person-heading">
      <Link href="/" className="back-link">
        ← {t('directory.backToDirectory')}
      </Link>
      <h1 id="person-heading">{person.fullName}</h1>
      <dl className="facts">
        <dt>{t('directory.position')}</dt>
        <dd>{person.position}</dd>
        <dt>{t('directory.unit')}</dt>
        <dd>{unit ? <Link href={`/units/${unit.id}`}>{unit.name}</Link> : person.unitId}</dd>
        {division && (
          <>
            <dt>{t('directory.division')}</dt>
            <dd>{division.name}</dd>
          </>
        )}
        {person.phone && (
          <>
            <dt>{t('directory.phone')}</dt>
            <dd>
              <a href={`tel:${tel}`}>{person.phone}</a>
            </dd>
          </>
        )}
        {person.email && (
          <>
            <dt>{t('directory.email')}</dt>
            <dd>
              <a href={`mailto:${person.email}`}>{person.email}</a>
            </dd>
          </>
        )}
      </dl>
      <div className="person-actions">
        {person.phone && (
          <a className="button" href={`tel:${tel}`}>
            {t('directory.call')}
          </a>
        )}
        <Link className="button" href={`~/conversations?with=${encodeURIComponent(person.id)}`}>
          {t('directory.message')}
        </Link>
        <Link className="button button-primary" href={`~/tasks/new?to=${encodeURIComponent(person.id)}`}>
          {t('directory.assignTask')}
        </Link>
      </div>
      <PublicKeys person={person} isMe={person.id === user.id} mayRevoke={person.id === user.id || editor} />
      {editor && unit && (
        <div className="unit-admin">
          <UnitSyncState unitId={unit.id} />
          {editing ? (
            <PersonForm unit={unit} person={person} onDone={() => setEditing(false)} />
          ) : (
            <div className="person-actions">
              <button type="button" className="button" onClick={() => setEditing(true)}>
                {t('directory.edit')}
              </button>
              <button
                type="button"
                className="button button-danger"
                onClick={async () => {
                  if (!window.confirm(t('directory.leaveConfirm', { name: person.fullName }))) return;
                  const outcome = await removePerson(platform, unit.id, person.id);
                  if (outcome.ok) navigate(`/units/${unit.id}`);
                }}
              >
                {t('directory.leave')}
              </button>
            </div>
          )}
        </div>
      )}
    </article>
  );
}
