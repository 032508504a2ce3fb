import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { TextField } from '../forms/Field.tsx';
import { compareVi } from '../i18n/collate.ts';
import { type AdminUnit, createUnit, listUnits } from './admin-api.ts';
import { ActionState, useAction, useFailure } from './admin-ui.tsx';
import { useAdminUnits } from './use-admin-units.ts';

export const UNIT_KINDS = ['ward', 'commune', 'special_zone', 'department', 'office', 'city', 'external'] as const;

/** Units: search (without diacritics, on the relay), open one, or add one with its directory page. */
export function UnitsPanel() {
  const { t } = useTranslation();
  const failure = useFailure();
  const [q, setQ] = useState('');
  const [version, setVersion] = useState(0);
  const [units, setUnits] = useState<AdminUnit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);

  useEffect(() => {
    let live = true;
    void version;
    const timer = setTimeout(() => {
      listUnits(q).then(
        (r) => {
          if (!live) return;
          setUnits([...r.units].sort((a, b) => compareVi(a.name, b.name)));
          setError(null);
        },
        (e: unknown) => live && setError(failure(e)),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, version, failure]);

  return (
    <div className="admin-units">
      <div className="form-actions admin-actions">
        <button
          type="button"
          className="button button-primary"
          aria-expanded={adding}
          onClick={() => setAdding((a) => !a)}
        >
          {t('admin.units.create')}
        </button>
      </div>
      {adding && <UnitForm onCreated={() => setVersion((v) => v + 1)} />}
      <div className="admin-filter">
        <label>
          {t('admin.units.search')}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
      </div>
      {error && (
        <p className="notice notice-error admin-notice" role="alert">
          {error}
        </p>
      )}
      {units === null && !error && <p className="muted">{t('admin.loading')}</p>}
      {units?.length === 0 && <p className="empty">{t('admin.units.none')}</p>}
      {units && units.length > 0 && (
        <table className="admin-table" data-testid="admin-units">
          <thead>
            <tr>
              <th scope="col">{t('admin.units.name')}</th>
              <th scope="col">{t('admin.units.kind')}</th>
              <th scope="col">{t('admin.units.divisions')}</th>
            </tr>
          </thead>
          <tbody>
            {units.map((u) => (
              <tr key={u.id}>
                <td data-label={t('admin.units.name')}>
                  <Link href={`/units/${u.id}`} className="admin-row-link">
                    {u.name}
                  </Link>
                </td>
                <td data-label={t('admin.units.kind')}>{t(`admin.units.kinds.${u.kind}`)}</td>
                <td data-label={t('admin.units.divisions')}>{t('admin.units.people', { count: u.people })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** A new unit: its name, kind and parent; the relay creates its row and directory page. */
function UnitForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const { units } = useAdminUnits();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string>('ward');
  const [parentId, setParentId] = useState('ubnd-tp');
  const [tried, setTried] = useState(false);
  const action = useAction();

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setTried(true);
    if (!name.trim()) return;
    const created = await action.run(
      () => createUnit({ name, kind, parentId: parentId || null }),
      (r) => t('admin.units.created', { name: r.unit.name }),
    );
    if (created) {
      setName('');
      setTried(false);
      onCreated();
    }
  }

  return (
    <form className="form admin-form card-block" noValidate onSubmit={(e) => void submit(e)}>
      <TextField
        label={t('admin.units.name')}
        name="name"
        value={name}
        onChange={setName}
        max={200}
        error={tried && !name.trim() ? t('admin.form.required') : null}
        required
      />
      <label>
        {t('admin.units.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value)}>
          {UNIT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`admin.units.kinds.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('admin.units.parent')}
        <select value={parentId} onChange={(e) => setParentId(e.target.value)}>
          <option value="">{t('admin.units.noParent')}</option>
          {(units ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </label>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={action.busy}>
          {t('admin.units.create')}
        </button>
      </div>
      <ActionState {...action} />
    </form>
  );
}
