import { createTask, docId as makeDocId, newId } from '@thongsuot/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { useUnits } from '../directory/use-units.ts';
import { usePlatform } from '../shell/platform-context.ts';
import { addDays, today } from './deadline.ts';

/** Assigns a task to a unit. Works the same offline: the task is saved on the device and sent later. */
export function NewTaskForm() {
  const { t } = useTranslation();
  const { user, repository } = usePlatform();
  const units = useUnits();
  const [, navigate] = useLocation();
  const [title, setTitle] = useState('');
  const [recipient, setRecipient] = useState('');
  const [deadline, setDeadline] = useState(addDays(today(), 7));
  const choices = (units ?? []).filter((u) => u.id !== user.unitId && u.kind !== 'external');

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!title.trim() || !recipient) return;
    const id = newId();
    const docs = await repository();
    const doc = await docs.open(makeDocId('task', id));
    createTask(doc, {
      id,
      title: title.trim(),
      issuerId: user.id,
      issuerUnitId: user.unitId,
      deadline,
      recipients: [{ id: recipient, kind: 'unit' }],
      at: Date.now(),
    });
    await docs.flushed();
    navigate('/tasks');
  }

  return (
    <section aria-labelledby="new-task-heading">
      <h1 id="new-task-heading">{t('newTask.title')}</h1>
      {units !== undefined && choices.length === 0 && <p className="notice">{t('newTask.noUnits')}</p>}
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label>
          {t('newTask.taskTitle')}
          <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} />
        </label>
        <label>
          {t('newTask.recipient')}
          <select name="recipient" value={recipient} onChange={(e) => setRecipient(e.target.value)} required>
            <option value="">{t('newTask.chooseRecipient')}</option>
            {choices.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('newTask.deadline')}
          <input
            type="date"
            name="deadline"
            value={deadline}
            min={today()}
            onChange={(e) => setDeadline(e.target.value)}
            required
          />
        </label>
        <button type="submit" className="button button-primary">
          {t('newTask.submit')}
        </button>
      </form>
    </section>
  );
}
