import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addSecurityMessages } from '../settings/security-messages.ts';
import { LockedAccount } from './LockedAccount.tsx';
import { NewPassword } from './NewPassword.tsx';
import { SecondStep } from './SecondStep.tsx';
import { failure, securityApi } from './security-api.ts';
import { cacheSession, type SessionStep, type SessionUser, type SignedIn, stepOf } from './session.ts';
import { clearOwedStep, owedStep } from './session-check.ts';
import { TotpEnrol } from './TotpEnrol.tsx';
import './security.css';

addSecurityMessages();

/**
 * What comes between the password and the app, in the order the relay asks for it: the
 * one-time code, a new password (after an administrator's reset), enrolment in two-step sign-in
 * (a leader past the grace period); none can be skipped. Or a locked account, which ends here.
 * The session is cached on the device only once nothing is owed.
 */
export function SignInSteps({
  first,
  user: knownUser,
  onSignedIn,
  onStartOver,
}: {
  /** The step the password's answer asked for; absent after a session ended: what the relay said then. */
  first: SessionStep | undefined;
  user: SessionUser | null;
  onSignedIn: (user: SessionUser) => void;
  onStartOver: () => void;
}) {
  const { t } = useTranslation();
  const [owed] = useState(() => (first ? { step: first, user: knownUser } : owedStep()));
  const [step, setStep] = useState(owed?.step);
  const [user, setUser] = useState(owed?.user ?? null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    clearOwedStep();
    // The session simply ended: the password form, as before.
    if (!owed) onStartOver();
  }, [owed, onStartOver]);

  function proceed(answer: SignedIn): void {
    setUser(answer.user);
    const next = stepOf(answer);
    if (next) {
      setStep(next);
      return;
    }
    cacheSession(answer.user);
    onSignedIn(answer.user);
  }

  /** Asks the relay what is still owed once a step is done. */
  async function ask(): Promise<void> {
    setError(null);
    try {
      proceed(await securityApi.session());
    } catch (e) {
      setError(failure(e, t('security.network')));
    }
  }

  if (!step) return null;
  if (step === 'locked') return <LockedAccount onSignInAgain={onStartOver} />;
  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <h1 className="brand">{t('app.name')}</h1>
        {user && <p className="tagline">{user.fullName}</p>}
        {step === 'totp' && <SecondStep onPassed={proceed} onStartOver={onStartOver} />}
        {step === 'password' && user && <NewPassword username={user.username} forced onChanged={() => void ask()} />}
        {step === 'enrol' && user && (
          <div className="form">
            <h2>{t('security.enrolTitle')}</h2>
            <p className="muted">{t('security.enrolForced')}</p>
            <TotpEnrol username={user.username} onDone={() => void ask()} />
          </div>
        )}
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
            <button type="button" className="link-button" onClick={() => void ask()}>
              {t('security.verify')}
            </button>
          </p>
        )}
      </div>
    </main>
  );
}
