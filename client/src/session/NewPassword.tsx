import { passwordProblem } from '@thongsuot/shared/auth/password-policy';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { failure, securityApi } from './security-api.ts';
import { useOnline } from './use-online.ts';

/**
 * A new password: at a forced change (the temporary one is the current), or from Settings. The
 * policy is shown and checked here as the relay checks it (shared/src/auth/password-policy.ts);
 * the relay has the last word, and success is said only once it answered.
 */
export function NewPassword({
  username,
  forced,
  onChanged,
}: {
  username: string;
  forced: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const online = useOnline();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setDone(false);
    const problem = passwordProblem(next, { username, current, forbidden: [] });
    if (problem) return setError(t(`security.problems.${problem}`));
    if (next !== repeat) return setError(t('security.mismatch'));
    setBusy(true);
    setError(null);
    try {
      await securityApi.changePassword(current, next);
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
      onChanged();
    } catch (e) {
      setError(failure(e, t('security.network')));
    } finally {
      setBusy(false);
    }
  }

  const field = (name: string, label: string, value: string, set: (v: string) => void, auto: string) => (
    <label>
      {label}
      <input name={name} type="password" autoComplete={auto} value={value} onChange={(e) => set(e.target.value)} />
    </label>
  );
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      {forced && (
        <>
          <h2>{t('security.newPasswordTitle')}</h2>
          <p className="muted">{t('security.newPasswordIntro')}</p>
        </>
      )}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      {field('current', t(forced ? 'security.temporary' : 'security.current'), current, setCurrent, 'current-password')}
      {field('next', t('security.next'), next, setNext, 'new-password')}
      {field('repeat', t('security.repeat'), repeat, setRepeat, 'new-password')}
      <p className="muted password-rules">{t('security.rules')}</p>
      {!online && <p className="notice">{t('security.offline.password')}</p>}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {done && !forced && (
        <p className="notice" role="status">
          {t('security.passwordChanged')}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={busy || !online}>
        {busy ? t('security.saving') : t(forced ? 'security.savePassword' : 'security.changePassword')}
      </button>
    </form>
  );
}
