import { readReminders } from '@thongsuot/shared/model/reminder';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ReminderForm } from './ReminderForm.tsx';
import { ReminderList } from './ReminderList.tsx';
import { useUserDoc } from './use-user-doc.ts';

/** My own reminders about this task (only I see them: they live in my user doc). */
export function TaskReminders({ taskId, title }: { taskId: string; title: string }) {
  const { t } = useTranslation();
  const { doc, version } = useUserDoc();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` changes with the doc
  const mine = useMemo(
    () => (doc ? (readReminders(doc) ?? []).filter((r) => r.taskId === taskId) : []),
    [doc, version, taskId],
  );
  if (!doc) return null;
  return (
    <section className="task-reminders" aria-labelledby="task-reminders-heading">
      <h2 id="task-reminders-heading">{t('reminders.onTask')}</h2>
      <ReminderList doc={doc} reminders={mine} />
      <ReminderForm doc={doc} taskId={taskId} defaultText={title} />
    </section>
  );
}
