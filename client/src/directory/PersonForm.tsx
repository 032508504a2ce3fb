import { newId } from '@thongsuot/shared/ids';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePlatform } from '../shell/platform-context.ts';
import type { DirectoryOfficialRow, DirectoryUnitRow } from '../store/local-db.ts';
import { addPerson, type EditOutcome, updatePerson } from './directory-edits.ts';

const POSITION_OF_RANK: Record<number, string> = {
  1: 'head',
  2: 'deputy',
  3: 'division-head',
  4: 'division-deputy',
  5: 'specialist',
  6: 'staff',
};

interface PersonFormProps {
  readonly unit: DirectoryUnitRow;
  /** The person to edit; a new person when absent. */
  readonly person?: DirectoryOfficialRow;
  readonly onDone: () => void;
}

/** An admin adds a person to the unit or changes one: position, level, division, phone, email. */
export function PersonForm({ unit, person, onDone }: PersonFormProps) {
  const { t } = useTranslation();
  const platform = usePlatform();
  const [fullName, setFullName] = useState(person?.fullName ?? '');
  const [position, setPosition] = useState(person?.position ?? '');
  const [rank, setRank] = useState(person?.rank ?? 5);
  const [divisionId, setDivisionId] = useState(person?.divisionId ?? '');
  const [phone, setPhone] = useState(person?.phone ?? '');
  const [email, setEmail] = useState(person?.email ?? '');
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (fullName.trim() === '') return setError(t('directory.invalid.fullName'));
    if (position.trim() === '') return setError(t('directory.invalid.position'));
    const fields = {
      fullName: fullName.trim(),
      position: position.trim(),
      rank,
      positionId:
        person && person.rank === rank && person.positionId
          ? person.positionId
          : (POSITION_OF_RANK[rank] ?? 'specialist'),
      divisionId: divisionId || undefined,
      phone: phone.trim() || undefined,
      email: email.trim() || undefined,
    };
    const outcome: EditOutcome = person
      ? await updatePerson(platform, unit.id, person.id, fields)
      : await addPerson(platform, unit.id, { id: newId(), ...stripUndefined(fields) });
    if (outcome.ok) onDone();
    else setError(t(`directory.invalid.${outcome.field}`, { message: outcome.message }));
  }

  return (
    <form className="form person-form" onSubmit={submit} noValidate>
      <label>
        {t('directory.fullName')}
        <input value={fullName} onChange={(e) => setFullName(e.target.value)} required maxLength={120} />
      </label>
      <label>
        {t('directory.position')}
        <input value={position} onChange={(e) => setPosition(e.target.value)} required maxLength={200} />
      </label>
      <label>
        {t('directory.rank')}
        <select value={rank} onChange={(e) => setRank(Number(e.target.value))}>
          {[1, 2, 3, 4, 5, 6].map((r) => (
            <option key={r} value={r}>
              {t(`directory.ranks.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('directory.division')}
        <select value={divisionId} onChange={(e) => setDivisionId(e.target.value)}>
          <option value="">{t('directory.noDivision')}</option>
          {(unit.divisions ?? []).map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('directory.phone')}
        <input type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="tel" />
      </label>
      <label>
        {t('directory.email')}
        <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          {t('directory.save')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('directory.cancel')}
        </button>
      </div>
    </form>
  );
}

function stripUndefined<T extends Record<string, unknown>>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
