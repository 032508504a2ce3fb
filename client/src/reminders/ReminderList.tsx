import { deleteReminder, type Reminder, updateReminder } from '@thongsuot/shared/model/reminder';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type * as Y from 'yjs';
import { formatDateTime } from '../tasks/format.ts';
import { SNOOZE_MS } from './reminder-schedule.ts';

export function ReminderList({ doc, reminders }: { doc: Y.Doc; reminders: readonly Reminder[] }) {
  const { t } = useTranslation();
  if (reminders.length === 0) return <p className="empty">{t('reminders.empty')}</p>;
  const now = Date.now();
  return (
    <ul className="reminders" data-testid="reminders">
      {reminders.map((r) => (
        <li key={r.id} className={`reminder${r.done ? ' is-done' : ''}${!r.done && r.dueAt <= now ? ' is-due' : ''}`}>
          <label className="check">
            <input
              type="checkbox"
              checked={r.done}
              onChange={() => updateReminder(doc, r.id, { done: !r.done })}
              aria-label={t('reminders.markDone')}
            />
            <span>
              {r.text}
              <span className="muted"> · {formatDateTime(r.dueAt)}</span>
              {r.taskId && (
                <>
                  {' · '}
                  <Link href={`/tasks/${r.taskId}`}>{t('reminders.openTask')}</Link>
                </>
              )}
            </span>
          </label>
          <span className="row-actions">
            {!r.done && (
              <button
                type="button"
                className="link-button"
                onClick={() => updateReminder(doc, r.id, { dueAt: Math.max(now, r.dueAt) + SNOOZE_MS })}
              >
                {t('reminders.snooze')}
              </button>
            )}
            <button type="button" className="link-button" onClick={() => deleteReminder(doc, r.id)}>
              {t('reminders.delete')}
            </button>
          </span>
        </li>
      ))}
    </ul>
  );
}
