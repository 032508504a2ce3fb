import { vietnamDate } from '@thongsuot/shared/model/vietnam-time';
import { useEffect, useReducer, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatDate } from '../i18n/i18n.ts';
import { addSecurityMessages } from '../settings/security-messages.ts';
import { cachedSession } from './session.ts';
import { snoozeTwoStep, twoStepSnoozed } from './two-step-snooze.ts';
import './security.css';

addSecurityMessages();

/** Dispatched on `window` when the cached profile changed (two-step sign-in turned on here). */
export const PROFILE_CHANGED = 'thongsuot:profile';

/** The grace period's deadline as a date in Vietnam. */
export function deadlineDate(deadline: number): string {
  return formatDate(vietnamDate(deadline));
}

/**
 * For a leader or administrator within the grace period: turn two-step sign-in on before the
 * date, with a way there. Dismissible for a day; gone once it is on (the cached profile says so).
 */
export function TwoStepNotice({
  deadline,
  dismissible = true,
  onSnooze,
}: {
  deadline: number;
  dismissible?: boolean;
  /** Told when "Later" is chosen (the shell gives back the room it kept for the notice). */
  onSnooze?: () => void;
}) {
  const { t } = useTranslation();
  const [snoozed, setSnoozed] = useState(twoStepSnoozed);
  const [, refresh] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    globalThis.addEventListener(PROFILE_CHANGED, refresh);
    return () => globalThis.removeEventListener(PROFILE_CHANGED, refresh);
  }, []);
  if (cachedSession()?.totpEnabled || (dismissible && snoozed)) return null;
  return (
    <p className="notice" role="status" data-testid="two-step-notice">
      <span>{t('security.deadlineNotice', { date: deadlineDate(deadline) })}</span>
      {dismissible && (
        <>
          <Link href="/settings#security" className="link-button">
            {t('security.enrolNow')}
          </Link>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              snoozeTwoStep();
              setSnoozed(true);
              onSnooze?.();
            }}
          >
            {t('security.later')}
          </button>
        </>
      )}
    </p>
  );
}
