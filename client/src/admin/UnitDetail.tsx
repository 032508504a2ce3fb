import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import {
  type AdminDivision,
  type AdminUnit,
  addDivision,
  getUnit,
  type MergeSummary,
  mergeUnit,
  renameDivision,
  renameUnit,
} from './admin-api.ts';
import { ActionState, ConfirmBox, useAction, useFailure } from './admin-ui.tsx';
import { useAdminUnits } from './use-admin-units.ts';

/** A name with a Save button: the unit's, a division's, or a new division's. */
function NameForm({
  label,
  initial,
  submitLabel,
  onSave,
}: {
  label: string;
  initial: string;
  submitLabel: string;
  onSave: (name: string) => Promise<unknown>;
}) {
  const [name, setName] = useState(initial);
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (name.trim() && (await onSave(name.trim())) !== null && !initial) setName('');
  }
  return (
    <form className="inline-form" noValidate onSubmit={(e) => void submit(e)}>
      <label>
        {label}
        <input value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
      </label>
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </form>
  );
}

/**
 * One unit: rename it, add and rename its divisions, and merge it into another unit — with a
 * preview from the relay that names what moves before anything does.
 */
export function UnitDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const failure = useFailure();
  const [unit, setUnit] = useState<AdminUnit | null>(null);
  const [divisions, setDivisions] = useState<AdminDivision[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [into, setInto] = useState('');
  const [preview, setPreview] = useState<MergeSummary | null>(null);
  const { units } = useAdminUnits();
  const action = useAction();

  const load = useCallback(async () => {
    try {
      const d = await getUnit(id);
      setUnit(d.unit);
      setDivisions(d.divisions);
      setLoadError(null);
    } catch (e) {
      setLoadError(failure(e));
    }
  }, [id, failure]);
  useEffect(() => {
    void load();
  }, [load]);

  if (loadError)
    return (
      <p className="notice notice-error admin-notice" role="alert">
        {loadError}
      </p>
    );
  if (!unit) return <p className="muted">{t('admin.loading')}</p>;
  const nameOf = (unitId: string) => units?.find((u) => u.id === unitId)?.name ?? unitId;
  const list = (names: readonly string[]) => (names.length ? names.join('; ') : t('admin.units.noneList'));

  const save = async <T,>(call: () => Promise<T>, done: string) => {
    const result = await action.run(call, () => done);
    await load();
    return result;
  };

  return (
    <article className="admin-unit" aria-labelledby="admin-unit-name">
      <Link href="/units" className="back-link">
        {t('admin.backUnits')}
      </Link>
      <h2 id="admin-unit-name">{unit.name}</h2>
      <p className="muted">
        {t(`admin.units.kinds.${unit.kind}`)} · {t('admin.units.people', { count: unit.people })}
        {unit.mergedInto && ` · ${t('admin.units.mergedInto', { name: nameOf(unit.mergedInto) })}`}
      </p>
      <ActionState {...action} />
      {!unit.mergedInto && (
        <NameForm
          key={unit.name}
          label={t('admin.units.name')}
          initial={unit.name}
          submitLabel={t('admin.units.rename')}
          onSave={(name) => save(() => renameUnit(unit.id, name), t('admin.units.renamed'))}
        />
      )}

      <h3>{t('admin.units.divisions')}</h3>
      {divisions.length === 0 && <p className="empty">{t('admin.units.noDivisions')}</p>}
      {divisions.map((d) => (
        <NameForm
          key={`${d.id}-${d.name}`}
          label={t('admin.units.divisionName')}
          initial={d.name}
          submitLabel={t('admin.units.save')}
          onSave={(name) => save(() => renameDivision(unit.id, d.id, name), t('admin.units.renamed'))}
        />
      ))}
      <NameForm
        key={`new-${divisions.length}`}
        label={t('admin.units.addDivision')}
        initial=""
        submitLabel={t('admin.units.addDivision')}
        onSave={(name) => save(() => addDivision(unit.id, name), t('admin.units.divisionAdded'))}
      />

      {!unit.mergedInto && (
        <section className="admin-merge" aria-labelledby="admin-merge-title">
          <h3 id="admin-merge-title">{t('admin.units.merge')}</h3>
          <div className="inline-form">
            <label>
              {t('admin.units.mergeInto')}
              <select
                value={into}
                onChange={(e) => {
                  setInto(e.target.value);
                  setPreview(null);
                }}
              >
                <option value="">—</option>
                {(units ?? [])
                  .filter((u) => u.id !== unit.id)
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
              </select>
            </label>
            <button
              type="button"
              className="button"
              disabled={!into || action.busy}
              onClick={() => void action.run(() => mergeUnit(unit.id, into, true)).then((p) => p && setPreview(p))}
            >
              {t('admin.units.checkMerge')}
            </button>
          </div>
          {preview && (
            <ConfirmBox
              danger
              confirmLabel={t('admin.units.merge')}
              onCancel={() => setPreview(null)}
              onConfirm={() => {
                const names = { from: preview.from.name, into: preview.into.name };
                setPreview(null);
                void save(() => mergeUnit(unit.id, preview.into.id, false), t('admin.units.merged', names));
              }}
            >
              {t('admin.units.mergeConfirm', {
                from: preview.from.name,
                into: preview.into.name,
                people: preview.people,
                newDivisions: list(preview.newDivisions),
                shared: list(preview.sharedDivisions),
              })}{' '}
              {t('admin.units.mergeTasks', { count: preview.tasks })}
            </ConfirmBox>
          )}
        </section>
      )}
    </article>
  );
}
