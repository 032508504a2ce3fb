import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CodeField } from './CodeField.tsx';
import { failure, SecurityError, securityApi } from './security-api.ts';
import type { SignedIn } from './session.ts';
import { useOnline } from './use-online.ts';

/**
 * The sign-in's second step: the 6-digit code from the authenticator app, or (lost phone) one
 * of the recovery codes. Too many wrong codes end the attempt on the server: then only starting
 * over helps.
 */
export function SecondStep({
  onPassed,
  onStartOver,
}: {
  onPassed: (answer: SignedIn) => void;
  onStartOver: () => void;
}) {
  const { t } = useTranslation();
  const online = useOnline();
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [ended, setEnded] = useState(false);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (recovery ? recoveryCode.trim() === '' : code.length !== 6) {
      setError(t(recovery ? 'security.recoveryMissing' : 'security.codeMissing'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onPassed(await securityApi.secondStep(recovery ? { recoveryCode: recoveryCode.trim() } : { code }));
    } catch (e) {
      setBusy(false);
      setError(failure(e, t('security.network')));
      const status = e instanceof SecurityError ? e.code : '';
      if (status === 'second_factor_ended' || status === 'unauthenticated') setEnded(true);
      setCode('');
    }
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <h2>{t('security.codeTitle')}</h2>
      <p className="muted">{t(recovery ? 'security.recoveryIntro' : 'security.codeIntro')}</p>
      {recovery ? (
        <label>
          {t('security.recoveryCode')}
          <input
            name="recovery-code"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            value={recoveryCode}
            onChange={(e) => setRecoveryCode(e.target.value)}
          />
        </label>
      ) : (
        <CodeField label={t('security.code')} value={code} onChange={setCode} autoFocus />
      )}
      {!online && <p className="notice">{t('security.offline.signIn')}</p>}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {ended ? (
        <button type="button" className="button button-primary" onClick={onStartOver}>
          {t('security.startOver')}
        </button>
      ) : (
        <>
          <button type="submit" className="button button-primary" disabled={busy || !online}>
            {busy ? t('security.verifying') : t('security.verify')}
          </button>
          <button
            type="button"
            className="link-button step-switch"
            onClick={() => {
              setRecovery(!recovery);
              setError(null);
            }}
          >
            {t(recovery ? 'security.useCode' : 'security.useRecovery')}
          </button>
        </>
      )}
    </form>
  );
}
