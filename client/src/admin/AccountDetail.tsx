import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { usePlatform } from '../shell/platform-context.ts';
import {
  type AccountDetail as Detail,
  getAccount,
  resetPassword,
  resetTwoStep,
  revokeSession,
  SYSTEM_ROLES,
  type SystemRole,
  setLocked,
  setRoles,
  type UnitRoles,
} from './admin-api.ts';
import { ActionState, ConfirmBox, StatusBadge, TemporaryPassword, useAction, useFailure, when } from './admin-ui.tsx';

type Pending =
  | { kind: 'lock' }
  | { kind: 'unlock' }
  | { kind: 'reset' }
  | { kind: 'twoStep' }
  | { kind: 'signOut'; sessionId: string };

const UNIT_ROLES = ['editor', 'clerk', 'signer'] as const;

/**
 * One account: its facts and status, locking and unlocking, a password reset (the temporary
 * password shown once), system and unit roles, and its signed-in devices, each of which can be
 * signed out. Every change is confirmed first and reported only once the server has answered.
 */
export function AccountDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const failure = useFailure();
  const { user } = usePlatform();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [password, setPassword] = useState<string | null>(null);
  const [system, setSystem] = useState<SystemRole[]>([]);
  const [unit, setUnit] = useState<UnitRoles>({ editor: false, clerk: false, signer: false });
  const action = useAction();

  const load = useCallback(async () => {
    try {
      const d = await getAccount(id);
      setDetail(d);
      setSystem(d.account.roles);
      setUnit(d.unitRoles);
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
  if (!detail) return <p className="muted">{t('admin.loading')}</p>;
  const { account, sessions } = detail;
  const name = account.fullName;

  async function confirm(p: Pending): Promise<void> {
    setPending(null);
    setPassword(null);
    if (p.kind === 'lock' || p.kind === 'unlock') {
      const locked = p.kind === 'lock';
      await action.run(
        () => setLocked(account.id, locked),
        () => t(locked ? 'admin.account.lockedDone' : 'admin.account.unlockedDone'),
      );
    } else if (p.kind === 'reset') {
      const r = await action.run(
        () => resetPassword(account.id),
        (result) => t('admin.account.resetDone', { count: result.sessionsEnded }),
      );
      if (r) setPassword(r.temporaryPassword);
    } else if (p.kind === 'twoStep') {
      await action.run(
        () => resetTwoStep(account.id),
        (result) => t('admin.account.twoStepDone', { count: result.sessionsEnded }),
      );
    } else {
      await action.run(
        () => revokeSession(p.sessionId),
        () => t('admin.account.signedOut'),
      );
    }
    await load();
  }

  async function saveRoles(): Promise<void> {
    await action.run(
      () => setRoles(account.id, { system, unit }),
      () => t('admin.account.rolesSaved'),
    );
    await load();
  }

  const self = account.id === user.id;
  return (
    <article className="admin-account" aria-labelledby="admin-account-name">
      <Link href="/" className="back-link">
        {t('admin.back')}
      </Link>
      <header className="detail-header">
        <div>
          <h2 id="admin-account-name">{name}</h2>
          <p className="muted">
            <code>{account.username}</code> · {account.position} · {account.unitName ?? account.unitId}
          </p>
        </div>
        <StatusBadge disabled={account.disabled} />
      </header>
      <dl className="admin-facts">
        <dt>{t('admin.account.division')}</dt>
        <dd>{account.division || '—'}</dd>
        <dt>{t('admin.account.phone')}</dt>
        <dd>{account.phone || '—'}</dd>
        <dt>{t('admin.account.email')}</dt>
        <dd>{account.email || '—'}</dd>
        <dt>{t('admin.account.rank')}</dt>
        <dd>{account.rank}</dd>
      </dl>

      <div className="form-actions admin-actions">
        {account.disabled ? (
          <button type="button" className="button" onClick={() => setPending({ kind: 'unlock' })}>
            {t('admin.account.unlock')}
          </button>
        ) : (
          <button
            type="button"
            className="button button-danger"
            disabled={self}
            onClick={() => setPending({ kind: 'lock' })}
          >
            {t('admin.account.lock')}
          </button>
        )}
        <button type="button" className="button" disabled={self} onClick={() => setPending({ kind: 'reset' })}>
          {t('admin.account.reset')}
        </button>
        {account.totpEnabled && (
          <button type="button" className="button" disabled={self} onClick={() => setPending({ kind: 'twoStep' })}>
            {t('admin.account.twoStep')}
          </button>
        )}
      </div>
      {pending && pending.kind !== 'signOut' && (
        <ConfirmBox
          danger={pending.kind !== 'unlock'}
          onConfirm={() => void confirm(pending)}
          onCancel={() => setPending(null)}
        >
          {t(`admin.account.${pending.kind}Confirm`, { name })}
        </ConfirmBox>
      )}
      <ActionState {...action} />
      {password && <TemporaryPassword username={account.username} password={password} />}

      <fieldset className="admin-roles">
        <legend>{t('admin.account.systemRoles')}</legend>
        {SYSTEM_ROLES.map((role) => (
          <label key={role} className="check">
            <input
              type="checkbox"
              checked={system.includes(role)}
              disabled={self && role === 'admin'}
              onChange={(e) => setSystem((s) => (e.target.checked ? [...s, role] : s.filter((r) => r !== role)))}
            />
            {t(`admin.account.roles.${role}`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="admin-roles">
        <legend>{t('admin.account.unitRoles')}</legend>
        {UNIT_ROLES.map((role) => (
          <label key={role} className="check">
            <input
              type="checkbox"
              checked={unit[role]}
              onChange={(e) => setUnit((u) => ({ ...u, [role]: e.target.checked }))}
            />
            {t(`admin.account.unitRole.${role}`)}
          </label>
        ))}
      </fieldset>
      <button type="button" className="button" disabled={action.busy} onClick={() => void saveRoles()}>
        {t('admin.account.saveRoles')}
      </button>

      <h3>{t('admin.account.devices')}</h3>
      {sessions.length === 0 ? (
        <p className="empty">{t('admin.account.noDevices')}</p>
      ) : (
        <ul className="admin-devices" data-testid="admin-devices">
          {sessions.map((s) => (
            <li key={s.id} className="card-block admin-device">
              <strong title={s.userAgent}>{s.device ?? (s.userAgent || t('admin.account.unknownDevice'))}</strong>{' '}
              {s.connected ? (
                <span className="badge admin-active">{t('admin.account.connected')}</span>
              ) : (
                !s.live && <span className="badge">{t('admin.account.ended')}</span>
              )}
              <br />
              <span className="muted">
                {t('admin.account.since', { time: when(s.createdAt) })}
                {s.lastSeenAt !== null && ` · ${t('admin.account.lastSeen', { time: when(s.lastSeenAt) })}`}
                {s.ip && ` · ${t('admin.account.address', { ip: s.ip })}`}
              </span>
              {s.live && (
                <div>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => setPending({ kind: 'signOut', sessionId: s.id })}
                  >
                    {t('admin.account.signOutDevice')}
                  </button>
                </div>
              )}
              {pending?.kind === 'signOut' && pending.sessionId === s.id && (
                <ConfirmBox danger onConfirm={() => void confirm(pending)} onCancel={() => setPending(null)}>
                  {t('admin.account.signOutConfirm', { name })}
                </ConfirmBox>
              )}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
