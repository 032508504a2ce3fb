import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type SessionUser, signIn } from './session.ts';

export function SignIn({ onSignedIn, expired }: { onSignedIn: (user: SessionUser) => void; expired: boolean }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<'invalid' | 'network' | 'tooMany' | 'empty' | null>(null);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (username.trim() === '' || password === '') {
      setError('empty');
      return;
    }
    setBusy(true);
    setError(null);
    const result = await signIn(username.trim().toLowerCase(), password);
    setBusy(false);
    if (result.ok) onSignedIn(result.user);
    else setError(result.reason);
  }

  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <h1 className="brand">{t('app.name')}</h1>
        <p className="tagline">{t('app.tagline')}</p>
        {expired && (
          <p className="notice" role="alert">
            {t('signIn.expired')}
          </p>
        )}
        <form className="form" onSubmit={(e) => void submit(e)} noValidate>
          <h2>{t('signIn.title')}</h2>
          <label>
            {t('signIn.username')}
            <input
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              required
            />
          </label>
          <label>
            {t('signIn.password')}
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          </label>
          {error && (
            <p className="notice notice-error" role="alert">
              {t(`signIn.${error}`)}
            </p>
          )}
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('signIn.busy') : t('signIn.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
