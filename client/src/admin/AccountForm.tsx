import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { TextField } from '../forms/Field.tsx';
import { type AdminUnit, createAccount, type NewAccountInput } from './admin-api.ts';
import { ActionState, TemporaryPassword, useAction } from './admin-ui.tsx';

const EMPTY = { fullName: '', unitId: '', division: '', position: '', phone: '', email: '', username: '' };

/** One new account; its temporary password is shown once, after the server created it. */
export function AccountForm({ units, onCreated }: { units: readonly AdminUnit[]; onCreated: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(EMPTY);
  const [tried, setTried] = useState(false);
  const [created, setCreated] = useState<{ id: string; username: string; password: string } | null>(null);
  const action = useAction();
  const set = (field: keyof typeof EMPTY) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));
  const missing = (field: 'fullName' | 'unitId' | 'position') =>
    tried && draft[field].trim() === '' ? t('admin.form.required') : null;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setTried(true);
    if (!draft.fullName.trim() || !draft.unitId || !draft.position.trim()) return;
    const input: NewAccountInput = { fullName: draft.fullName, unitId: draft.unitId, position: draft.position };
    for (const field of ['division', 'phone', 'email', 'username'] as const) {
      if (draft[field].trim()) input[field] = draft[field].trim();
    }
    const result = await action.run(
      () => createAccount(input),
      (r) => t('admin.form.created', { username: r.account.username }),
    );
    if (!result) return;
    setCreated({ id: result.account.id, username: result.account.username, password: result.temporaryPassword });
    setDraft(EMPTY);
    setTried(false);
    onCreated();
  }

  return (
    <form
      className="form admin-form card-block"
      noValidate
      onSubmit={(e) => void submit(e)}
      aria-labelledby="admin-add-title"
    >
      <h2 id="admin-add-title">{t('admin.form.title')}</h2>
      <TextField
        label={t('admin.form.fullName')}
        name="fullName"
        value={draft.fullName}
        onChange={set('fullName')}
        max={120}
        error={missing('fullName')}
        required
      />
      <div className="field">
        <label>
          {t('admin.form.unit')}
          <select
            name="unitId"
            value={draft.unitId}
            onChange={(e) => set('unitId')(e.target.value)}
            aria-invalid={missing('unitId') ? true : undefined}
          >
            <option value="">{t('admin.form.chooseUnit')}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        {missing('unitId') && (
          <p className="field-error" role="alert">
            {missing('unitId')}
          </p>
        )}
      </div>
      <TextField
        label={t('admin.form.division')}
        name="division"
        value={draft.division}
        onChange={set('division')}
        max={200}
      />
      <TextField
        label={t('admin.form.position')}
        name="position"
        value={draft.position}
        onChange={set('position')}
        max={200}
        error={missing('position')}
        required
      />
      <p className="muted admin-hint">{t('admin.form.positionHint')}</p>
      <TextField label={t('admin.form.phone')} name="phone" value={draft.phone} onChange={set('phone')} max={20} />
      <TextField label={t('admin.form.email')} name="email" value={draft.email} onChange={set('email')} max={254} />
      <TextField
        label={t('admin.form.username')}
        name="username"
        value={draft.username}
        onChange={set('username')}
        max={64}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={action.busy}>
          {t('admin.form.submit')}
        </button>
      </div>
      <ActionState {...action} />
      {created && (
        <>
          <TemporaryPassword username={created.username} password={created.password} />
          <Link href={`/accounts/${created.id}`}>{created.username}</Link>
        </>
      )}
    </form>
  );
}
