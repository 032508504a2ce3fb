import { newId } from '@thongsuot/shared/ids';
import { addReminder } from '@thongsuot/shared/model/reminder';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { TextField } from '../forms/Field.tsx';

/** `YYYY-MM-DDTHH:mm` in local time, as a datetime-local input wants it. */
export function localInputValue(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Adds a personal reminder, on a task or on its own; saved in the person's own doc. */
export function ReminderForm({ doc, taskId, defaultText }: { doc: Y.Doc; taskId?: string; defaultText?: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState(defaultText ?? '');
  const [when, setWhen] = useState(localInputValue(Date.now() + 60 * 60 * 1000));
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent): void {
    event.preventDefault();
    const dueAt = new Date(when).getTime();
    if (!text.trim()) {
      setError(t('reminders.errors.text'));
      return;
    }
    if (Number.isNaN(dueAt)) {
      setError(t('reminders.errors.when'));
      return;
    }
    setError(null);
    addReminder(doc, {
      id: newId(),
      text: text.trim(),
      dueAt,
      createdAt: Date.now(),
      ...(taskId ? { taskId } : {}),
    });
    if (!defaultText) setText('');
  }

  return (
    <form className="form reminder-form" onSubmit={submit} noValidate>
      <TextField label={t('reminders.text')} name="reminder-text" value={text} onChange={setText} max={1000} />
      <label>
        {t('reminders.when')}
        <input type="datetime-local" name="reminder-when" value={when} onChange={(e) => setWhen(e.target.value)} />
      </label>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button">
        {t('reminders.add')}
      </button>
    </form>
  );
}
