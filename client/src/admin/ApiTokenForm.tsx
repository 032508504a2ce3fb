import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnits } from '../directory/use-units.ts';
import { Field, FieldError, TextField } from '../forms/Field.tsx';
import {
  API_SCOPES,
  type ApiScope,
  type ApiTokenView,
  checkDraft,
  createApiToken,
  type DraftField,
  unitChoices,
} from './api-tokens-api.ts';

/**
 * The administrator's form for a new integration token: its name, the acting person by username,
 * its rights and its units. The relay checks the person and the units again and says why not.
 */
export function ApiTokenForm({
  onCreated,
  onCancel,
}: {
  onCreated: (created: { token: string; apiToken: ApiTokenView }) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const units = useUnits();
  const [name, setName] = useState('');
  const [acting, setActing] = useState('');
  const [scopes, setScopes] = useState<Set<ApiScope>>(new Set());
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [filter, setFilter] = useState('');
  const [errors, setErrors] = useState<DraftField[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shown = useMemo(() => unitChoices(units ?? [], filter, chosen), [units, filter, chosen]);
  const error = (field: DraftField) => (errors.includes(field) ? t(`apiTokens.errors.${field}`) : null);

  const toggle = <T,>(set: Set<T>, value: T, on: boolean): Set<T> => {
    const next = new Set(set);
    if (on) next.add(value);
    else next.delete(value);
    return next;
  };

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setFailure(null);
    const checked = checkDraft({ name, actingUsername: acting, scopes, units: chosen });
    setErrors(checked.errors);
    if (!checked.body) return;
    setBusy(true);
    try {
      onCreated(await createApiToken(checked.body));
    } catch (e) {
      setFailure(t('apiTokens.createFailed', { reason: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form api-token-form" onSubmit={(e) => void submit(e)} noValidate data-testid="api-token-form">
      <TextField
        label={t('apiTokens.name')}
        name="name"
        value={name}
        onChange={setName}
        max={100}
        required
        error={error('name')}
      />
      <TextField
        label={t('apiTokens.acting')}
        name="acting"
        value={acting}
        onChange={setActing}
        max={100}
        required
        error={error('acting')}
      />
      <p className="muted">{t('apiTokens.actingHint')}</p>
      <fieldset>
        <legend>{t('apiTokens.scopesLabel')}</legend>
        {API_SCOPES.map((scope) => (
          <label key={scope} className="check">
            <input
              type="checkbox"
              name="scope"
              value={scope}
              checked={scopes.has(scope)}
              onChange={(e) => setScopes(toggle(scopes, scope, e.target.checked))}
            />
            {t(`apiTokens.scopes.${scope}`)}
          </label>
        ))}
        <FieldError error={error('scopes')} />
      </fieldset>
      <fieldset>
        <legend>{t('apiTokens.unitsLabel')}</legend>
        <Field label={t('apiTokens.findUnit')}>
          <input type="search" name="unit-filter" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </Field>
        <p className="muted">{t('apiTokens.chosenUnits', { count: chosen.size })}</p>
        <div className="api-token-units">
          {shown.map((u) => (
            <label key={u.id} className="check">
              <input
                type="checkbox"
                name="unit"
                value={u.id}
                checked={chosen.has(u.id)}
                onChange={(e) => setChosen(toggle(chosen, u.id, e.target.checked))}
              />
              {u.name}
            </label>
          ))}
        </div>
        <FieldError error={error('units')} />
      </fieldset>
      {failure && (
        <p className="notice notice-error" role="alert">
          {failure}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('apiTokens.creating') : t('apiTokens.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          {t('apiTokens.cancel')}
        </button>
      </div>
    </form>
  );
}
