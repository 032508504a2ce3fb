import { readReminders } from '@thongsuot/shared/model/reminder';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReminderForm } from './ReminderForm.tsx';
import { ReminderList } from './ReminderList.tsx';
import { useUserDoc } from './use-user-doc.ts';
import '../tasks/tasks.css';

/** My personal reminders (MISSION.md function 4): they fire on this device even offline. */
export function RemindersPage() {
  const { t } = useTranslation();
  const { doc, version } = useUserDoc();
  const [permission, setPermission] = useState(
    typeof Notification === 'undefined' ? 'denied' : Notification.permission,
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` changes with the doc
  const reminders = useMemo(() => (doc ? (readReminders(doc) ?? []) : []), [doc, version]);
  return (
    <section aria-labelledby="reminders-heading">
      <h1 id="reminders-heading">{t('reminders.title')}</h1>
      <p className="page-intro">{t('reminders.intro')}</p>
      {permission === 'default' && (
        <p className="notice">
          {t('reminders.permissionHint')}{' '}
          <button
            type="button"
            className="button"
            onClick={() => void Notification.requestPermission().then(setPermission)}
          >
            {t('reminders.allow')}
          </button>
        </p>
      )}
      {permission === 'denied' && <p className="muted">{t('reminders.inAppOnly')}</p>}
      {doc && <ReminderForm doc={doc} />}
      {doc && <ReminderList doc={doc} reminders={reminders} />}
    </section>
  );
}
