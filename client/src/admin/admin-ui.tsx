import { type ReactNode, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatVietnamDateTime } from '../i18n/i18n.ts';
import { AdminError, OFFLINE } from './admin-api.ts';

/** Date and time in Vietnam's time zone, as the console shows moments. */
export const when = formatVietnamDateTime;

/** What to say about a failed call: the server's own message, or that it could not be reached. */
export function useFailure(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown) =>
      error instanceof AdminError && error.status !== OFFLINE
        ? t('admin.failed', { reason: error.message })
        : t('admin.networkFailed'),
    [t],
  );
}

/**
 * One server action at a time, with what the page says about it: "sending…" while it runs, the
 * server's refusal if it refuses, and a success line only once the server has answered.
 */
export function useAction() {
  const failure = useFailure();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = useCallback(
    async <T,>(action: () => Promise<T>, success?: (result: T) => string | null): Promise<T | null> => {
      setBusy(true);
      setError(null);
      setDone(null);
      try {
        const result = await action();
        setDone(success ? success(result) : null);
        return result;
      } catch (e) {
        setError(failure(e));
        return null;
      } finally {
        setBusy(false);
      }
    },
    [failure],
  );
  return { busy, error, done, run };
}

/** The state line under an action: sending, refused, or done. */
export function ActionState({ busy, error, done }: { busy: boolean; error: string | null; done: string | null }) {
  const { t } = useTranslation();
  if (busy)
    return (
      <p className="muted" role="status">
        {t('admin.saving')}
      </p>
    );
  if (error)
    return (
      <p className="notice notice-error admin-notice" role="alert">
        {error}
      </p>
    );
  if (done)
    return (
      <p className="notice admin-notice admin-done" role="status">
        {done}
      </p>
    );
  return null;
}

/** An in-page confirmation: what will happen, then Confirm / Cancel (no browser dialog). */
export function ConfirmBox({
  children,
  onConfirm,
  onCancel,
  confirmLabel,
  danger,
}: {
  children: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
  confirmLabel?: string;
  danger?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="admin-confirm" role="alertdialog" aria-modal="false" aria-labelledby="admin-confirm-text">
      <p id="admin-confirm-text">{children}</p>
      <div className="form-actions">
        <button type="button" className={`button ${danger ? 'button-danger' : 'button-primary'}`} onClick={onConfirm}>
          {confirmLabel ?? t('admin.confirm')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('admin.cancel')}
        </button>
      </div>
    </div>
  );
}

/** A temporary password, shown once, with a copy button. */
export function TemporaryPassword({ username, password }: { username: string; password: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <div className="admin-temporary" data-testid="temporary-password">
      <h3>{t('admin.temporary.title')}</h3>
      <p>
        <strong>{username}</strong>: <code className="admin-secret">{password}</code>
      </p>
      <p className="admin-once">{t('admin.temporary.once')}</p>
      <button
        type="button"
        className="button"
        onClick={() => {
          void navigator.clipboard?.writeText(password).then(() => setCopied(true));
        }}
      >
        {t('admin.temporary.copy')}
      </button>
      {copied && (
        <span className="muted" role="status">
          {' '}
          {t('admin.temporary.copied')}
        </span>
      )}
    </div>
  );
}

/** "Đang hoạt động" / "Đã khóa". */
export function StatusBadge({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${disabled ? 'admin-locked' : 'admin-active'}`}>
      {disabled ? t('admin.locked') : t('admin.active')}
    </span>
  );
}
