import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CodeField } from './CodeField.tsx';
import { RecoveryCodes } from './RecoveryCodes.tsx';
import { failure, securityApi, type TotpSetup } from './security-api.ts';
import { useOnline } from './use-online.ts';

/** The secret as a person types it: groups of four. */
export function groupsOfFour(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

/**
 * Turning two-step sign-in on (or moving it to a new phone): the relay makes a secret, shown as a
 * QR code (a `data:` image: the CSP allows those) and as text; the first code from the app
 * confirms it, and the recovery codes are shown once. Nothing is on until the relay said so.
 */
export function TotpEnrol({
  username,
  onDone,
  onCancel,
}: {
  username: string;
  onDone: () => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const online = useOnline();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!online || attempt < 0) return;
    let live = true;
    setError(null);
    securityApi.setup().then(
      (made) => live && setSetup(made),
      (e: unknown) => live && setError(failure(e, t('security.network'))),
    );
    return () => {
      live = false;
    };
  }, [online, attempt, t]);

  async function confirm(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (code.length !== 6) return setError(t('security.codeMissing'));
    setBusy(true);
    setError(null);
    try {
      setCodes((await securityApi.confirm(code)).recoveryCodes);
    } catch (e) {
      setError(failure(e, t('security.network')));
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  if (codes) return <RecoveryCodes codes={codes} username={username} onDone={onDone} />;
  return (
    <form className="form" onSubmit={(e) => void confirm(e)} noValidate>
      <p>{t('security.enrolStep1')}</p>
      {!online && <p className="notice">{t('security.offline.twoStep')}</p>}
      {online && !setup && !error && <p className="muted">{t('security.preparing')}</p>}
      {setup && (
        <>
          <p>{t('security.enrolStep2')}</p>
          <img
            className="totp-qr"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`}
            alt={t('security.qrAlt')}
            width={200}
            height={200}
          />
          <p>{t('security.manual')}</p>
          <p className="totp-secret" data-testid="totp-secret">
            {groupsOfFour(setup.secret)}
          </p>
          <p>{t('security.enrolStep3')}</p>
          <CodeField label={t('security.code')} value={code} onChange={setCode} />
        </>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        {setup ? (
          <button type="submit" className="button button-primary" disabled={busy || !online}>
            {busy ? t('security.verifying') : t('security.verify')}
          </button>
        ) : (
          error && (
            <button type="button" className="button" disabled={!online} onClick={() => setAttempt(attempt + 1)}>
              {t('security.enrol')}
            </button>
          )
        )}
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            {t('security.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
