import { type FormEvent, lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type SessionStep, type SessionUser, signIn } from './session.ts';

// The second step, a forced new password or enrolment, a locked account: loaded when needed.
const SignInSteps = lazy(() => import('./SignInSteps.tsx').then((m) => ({ default: m.SignInSteps })));

export function SignIn({ onSignedIn, expired }: { onSignedIn: (user: SessionUser) => void; expired: boolean }) {
  const { t } = useTranslation();
  // The later steps; when the session ended, they first look at what the relay said is owed
  // (a locked account, a new password: session-check.ts) and come back here if nothing is.
  const [owed, setOwed] = useState<{ step?: SessionStep; user?: SessionUser | null } | null>(expired ? {} : null);
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
    if (!result.ok) setError(result.reason);
    else if (result.step) setOwed({ step: result.step, user: result.user });
    else if (result.user) onSignedIn(result.user);
  }

  if (owed) {
    return (
      <Suspense fallback={null}>
        <SignInSteps
          first={owed.step}
          user={owed.user ?? null}
          onSignedIn={onSignedIn}
          onStartOver={() => setOwed(null)}
        />
      </Suspense>
    );
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
