import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatVietnamDateTime } from '../i18n/i18n.ts';
import { CodeField } from '../session/CodeField.tsx';
import { NewPassword } from '../session/NewPassword.tsx';
import { RecoveryCodes } from '../session/RecoveryCodes.tsx';
import { type Device, failure, securityApi } from '../session/security-api.ts';
import { cachedSession, cacheSession, type SessionUser } from '../session/session.ts';
import { TotpEnrol } from '../session/TotpEnrol.tsx';
import { PROFILE_CHANGED, TwoStepNotice } from '../session/TwoStepNotice.tsx';
import { useOnline } from '../session/use-online.ts';
import { usePlatform, useSyncStatus } from '../shell/platform-context.ts';
import { addSecurityMessages } from './security-messages.ts';
import '../session/security.css';

addSecurityMessages();

/** Online as far as security actions go: the browser has a network and the sync does not say offline. */
function useReachable(): boolean {
  const online = useOnline();
  const connectivity = useSyncStatus().connectivity;
  return online && connectivity !== 'offline';
}

/**
 * Settings → Bảo mật (docs/operations.md "People's own security"): the password, two-step sign-in
 * and the devices signed in as this person. Everything here happens on the relay: offline each
 * action is disabled and says so, and nothing claims success before the relay answered.
 */
export function SecuritySettings() {
  const { t } = useTranslation();
  const platform = usePlatform();
  const [profile, setProfile] = useState<SessionUser>(() => cachedSession() ?? platform.user);
  const reachable = useReachable();

  const refreshProfile = useCallback(async () => {
    const answer = await securityApi.session().catch(() => null);
    if (!answer) return;
    setProfile(answer.user);
    if (cachedSession()?.id === answer.user.id) cacheSession(answer.user);
    globalThis.dispatchEvent(new Event(PROFILE_CHANGED));
  }, []);
  useEffect(() => {
    if (reachable) void refreshProfile();
  }, [reachable, refreshProfile]);
  // "Bật ngay" in the reminder links here (/settings#security).
  useEffect(() => {
    if (globalThis.location?.hash === '#security') document.getElementById('security')?.scrollIntoView();
  }, []);

  return (
    <section className="security-section" aria-labelledby="security" data-testid="security-settings">
      <h2 id="security">{t('security.title')}</h2>

      <h3>{t('security.changePassword')}</h3>
      <NewPassword username={profile.username} forced={false} onChanged={() => undefined} />

      <h3>{t('security.twoStep')}</h3>
      <TwoStep profile={profile} reachable={reachable} onChanged={refreshProfile} />

      <h3>{t('security.devices')}</h3>
      <Devices reachable={reachable} />
    </section>
  );
}

type TwoStepMode = 'idle' | 'enrol' | 'codes' | 'off';

function TwoStep({
  profile,
  reachable,
  onChanged,
}: {
  profile: SessionUser;
  reachable: boolean;
  onChanged: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<TwoStepMode>('idle');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const on = profile.totpEnabled === true;

  const open = (next: TwoStepMode) => {
    setMode(next);
    setCode('');
    setPassword('');
    setError(null);
    setNotice(null);
  };
  const finish = () => {
    open('idle');
    setCodes(null);
    void onChanged();
  };

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (code.length !== 6) return setError(t('security.codeMissing'));
    setBusy(true);
    setError(null);
    try {
      if (mode === 'codes') setCodes((await securityApi.newRecoveryCodes(code)).recoveryCodes);
      else {
        await securityApi.turnOff(password, code);
        open('idle');
        setNotice(t('security.turnedOff'));
        void onChanged();
      }
    } catch (e) {
      setError(failure(e, t('security.network')));
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  if (mode === 'enrol') {
    return <TotpEnrol username={profile.username} onDone={finish} onCancel={() => open('idle')} />;
  }
  if (codes) return <RecoveryCodes codes={codes} username={profile.username} onDone={finish} />;
  return (
    <div className="form" data-testid="two-step">
      <p>{t(on ? 'security.twoStepOn' : 'security.twoStepOff')}</p>
      {profile.twoStepRequired && <p className="muted">{t('security.twoStepRequired')}</p>}
      {!on && profile.twoStepDeadline && <TwoStepNotice deadline={profile.twoStepDeadline} dismissible={false} />}
      {!reachable && <p className="notice">{t('security.offline.twoStep')}</p>}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {mode === 'idle' ? (
        <div className="button-row">
          {!on && (
            <button type="button" className="button button-primary" disabled={!reachable} onClick={() => open('enrol')}>
              {t('security.enrol')}
            </button>
          )}
          {on && (
            <>
              <button type="button" className="button" disabled={!reachable} onClick={() => open('codes')}>
                {t('security.newCodes')}
              </button>
              <button type="button" className="button" disabled={!reachable} onClick={() => open('enrol')}>
                {t('security.moveDevice')}
              </button>
              {!profile.twoStepRequired && (
                <button
                  type="button"
                  className="button button-danger"
                  disabled={!reachable}
                  onClick={() => open('off')}
                >
                  {t('security.turnOff')}
                </button>
              )}
            </>
          )}
        </div>
      ) : (
        <form className="form" onSubmit={(e) => void submit(e)} noValidate>
          <p>{t(mode === 'codes' ? 'security.newCodesIntro' : 'security.turnOffIntro')}</p>
          {mode === 'off' && (
            <label>
              {t('security.password')}
              <input
                type="password"
                name="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
          )}
          <CodeField label={t('security.code')} value={code} onChange={setCode} autoFocus />
          {error && (
            <p className="notice notice-error" role="alert">
              {error}
            </p>
          )}
          <div className="button-row">
            <button
              type="submit"
              className={mode === 'off' ? 'button button-danger' : 'button button-primary'}
              disabled={busy || !reachable}
            >
              {busy ? t('security.verifying') : t(mode === 'codes' ? 'security.newCodes' : 'security.turnOff')}
            </button>
            <button type="button" className="button" onClick={() => open('idle')}>
              {t('security.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

function Devices({ reachable }: { reachable: boolean }) {
  const { t } = useTranslation();
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      // This device first, then the others as the relay lists them (last used first).
      setDevices((await securityApi.devices()).sort((a, b) => Number(b.current) - Number(a.current)));
      setError(null);
    } catch (e) {
      setError(failure(e, t('security.network')));
    }
  }, [t]);
  useEffect(() => {
    if (reachable) void load();
  }, [reachable, load]);

  async function signOut(device: Device): Promise<void> {
    if (!globalThis.confirm(t('security.confirmSignOut', { device: device.device }))) return;
    setBusy(device.id);
    setError(null);
    try {
      await securityApi.signOutDevice(device.id);
      await load();
    } catch (e) {
      setError(failure(e, t('security.network')));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="form" data-testid="devices">
      {!reachable && <p className="notice">{t('security.offline.devices')}</p>}
      {reachable && devices === null && !error && <p className="muted">{t('security.loading')}</p>}
      {devices && (
        <ul className="devices">
          {devices.map((d) => (
            <li key={d.id} className="card-block" data-testid="device" data-current={d.current}>
              <span className="device-facts">
                <strong>
                  {d.device}
                  {d.current && ` · ${t('security.thisDevice')}`}
                  {!d.current && d.online && ` · ${t('security.online')}`}
                </strong>
                <span className="muted">{t('security.signedInAt', { when: formatVietnamDateTime(d.createdAt) })}</span>
                {d.lastSeenAt !== null && !d.current && (
                  <span className="muted">{t('security.lastSeen', { when: formatVietnamDateTime(d.lastSeenAt) })}</span>
                )}
                <span className="muted">{d.ip}</span>
              </span>
              {!d.current && (
                <button
                  type="button"
                  className="button button-danger"
                  disabled={!reachable || busy !== null}
                  onClick={() => void signOut(d)}
                >
                  {busy === d.id ? t('security.signingOut') : t('security.signOutDevice')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {devices?.length === 1 && <p className="muted">{t('security.noOtherDevices')}</p>}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
