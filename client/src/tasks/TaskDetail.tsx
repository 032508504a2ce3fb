import { isIssuerSide, mayManageTask, ownAssignments } from '@thongsuot/shared/access/task-access';
import { setTaskDeadline, setTaskTitle } from '@thongsuot/shared/model/task';
import { type FormEvent, lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { AttachmentList } from '../attachments/AttachmentList.tsx';
import { CaseGroupLink } from '../conversations/CaseGroupLink.tsx';
import { DirectiveFigures } from '../dashboard/DirectiveFigures.tsx';
import { RollUp } from '../dashboard/RollUp.tsx';
import { useOfficialName, useUnitNames } from '../directory/use-units.ts';
import { formatDate } from '../i18n/i18n.ts';
import { isOverdue } from './deadline.ts';
import { ExtensionDecisions } from './ExtensionDecisions.tsx';
import { formatDateTime } from './format.ts';
import { ItemSyncBadge } from './ItemSyncBadge.tsx';
import { registeredFromAbove } from './issuer-line.ts';
import { MyAssignment } from './MyAssignment.tsx';
import { usePerson } from './person.ts';
import { RecipientTable } from './RecipientTable.tsx';
import { TaskComments } from './TaskComments.tsx';
import { useMarkRead } from './use-mark-read.ts';
import { useOfficialNames } from './use-official-names.ts';
import { useTaskDoc } from './use-task-doc.ts';
import './tasks.css';

const TaskReminders = lazy(() => import('../reminders/TaskReminders.tsx').then((m) => ({ default: m.TaskReminders })));

export function TaskDetail({ docId }: { docId: string }) {
  const { t } = useTranslation();
  const person = usePerson();
  const { doc, task, loading } = useTaskDoc(docId);
  const unitNames = useUnitNames();
  const issuerName = useOfficialName(task?.issuerId ?? '');
  const reporters = useOfficialNames(task?.reports.map((r) => r.recipientId) ?? []);
  const [title, setTitle] = useState('');
  const [deadline, setDeadline] = useState('');
  useEffect(() => {
    if (task) {
      setTitle(task.title);
      setDeadline(task.deadline);
    }
  }, [task?.title, task?.deadline, task]);

  useMarkRead(doc, task, person);

  if (loading) return <p>{t('tasks.loading')}</p>;
  if (!doc || !task) return <p className="notice">{t('tasks.notFound')}</p>;
  const manager = mayManageTask(person, task);
  const fromAbove = registeredFromAbove({ ...task, hasParent: task.parent !== null });
  const own = ownAssignments(person, task);

  function saveTitle(event: FormEvent): void {
    event.preventDefault();
    if (doc && title.trim()) setTaskTitle(doc, title.trim());
  }
  function saveDeadline(event: FormEvent): void {
    event.preventDefault();
    if (doc && deadline) setTaskDeadline(doc, deadline, person.id, Date.now());
  }

  return (
    <article className="task-detail" aria-labelledby="task-heading">
      <Link href="/tasks" className="back-link">
        ← {t('tasks.back')}
      </Link>
      <header className="detail-header">
        <h1 id="task-heading" data-testid="task-title">
          {task.priority !== 'normal' && (
            <span className={`priority priority-${task.priority}`}>{t(`priority.${task.priority}`)}</span>
          )}
          {task.title}
        </h1>
        <ItemSyncBadge docId={docId} />
      </header>
      <CaseGroupLink task={task} />
      {fromAbove ? (
        <>
          <p className="task-meta" data-testid="issuing-body">
            {t('tasks.issuingBody')}: {t(`source.${fromAbove}`)}
          </p>
          <p className="task-meta" data-testid="registered-by">
            {t('tasks.registeredBy')}: {issuerName ?? t('tasks.someone')} · {unitNames.get(task.issuerUnitId) ?? ''}
          </p>
        </>
      ) : (
        <p className="task-meta" data-testid="issued-by">
          {t('tasks.issuedBy')}: {issuerName ?? t('tasks.someone')} · {unitNames.get(task.issuerUnitId) ?? ''}
        </p>
      )}
      <p className="task-meta">
        <span className={`source source-${task.sourceLevel}`}>{t(`source.${task.sourceLevel}`)}</span>
        {task.reference && ` · ${t('directive.referenceShort')} ${task.reference}`}
      </p>
      {task.sourceDossierId && (
        <p className="task-meta">
          <Link href={`~/documents/${task.sourceDossierId}`} data-testid="source-document">
            {t('tasks.sourceDocument', { reference: task.reference ?? '' })}
          </Link>
        </p>
      )}
      {task.parent && (
        <p className="task-meta">
          {t('cascade.partOf')} <Link href={`/tasks/${task.parent.taskId}`}>{t('cascade.parentLink')}</Link>
        </p>
      )}
      <p className={`task-deadline${isOverdue(task.deadline) ? ' overdue' : ''}`} data-testid="task-deadline">
        {t('tasks.deadline')}: {formatDate(task.deadline)}
      </p>
      {task.body && <p className="task-body">{task.body}</p>}
      <AttachmentList refs={task.attachments} />

      {manager && (
        <div className="issuer-tools">
          <form className="inline-form" onSubmit={saveTitle} noValidate>
            <label>
              {t('newTask.taskTitle')}
              <input
                name="edit-title"
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                maxLength={500}
                aria-describedby="edit-title-max"
              />
              <span id="edit-title-max" className="field-count">
                {t('form.count', { used: title.length, max: 500 })}
              </span>
            </label>
            <button type="submit" className="button">
              {t('detail.save')}
            </button>
          </form>
          <form className="inline-form" onSubmit={saveDeadline} noValidate>
            <label>
              {t('detail.changeDeadline')}
              <input type="date" name="edit-deadline" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
            </label>
            <button type="submit" className="button">
              {t('detail.save')}
            </button>
          </form>
        </div>
      )}

      {own.map((recipientId) => (
        <MyAssignment
          key={recipientId}
          doc={doc}
          task={task}
          person={person}
          recipientId={recipientId}
          name={unitNames.get(recipientId) ?? t('tracking.you')}
        />
      ))}
      <ExtensionDecisions doc={doc} task={task} person={person} unitNames={unitNames} />
      {isIssuerSide(person, task) || own.length === 0 ? (
        <RecipientTable doc={doc} task={task} person={person} unitNames={unitNames} />
      ) : (
        // A recipient follows its own part; the other recipients are one tap away.
        <details className="others">
          <summary>{t('tracking.allRecipients', { count: task.assignments.length })}</summary>
          <RecipientTable doc={doc} task={task} person={person} unitNames={unitNames} />
        </details>
      )}
      {isIssuerSide(person, task) && <DirectiveFigures doc={doc} task={task} />}
      <RollUp task={task} unitNames={unitNames} />
      <Suspense fallback={null}>
        <TaskReminders taskId={task.id} title={task.title} />
      </Suspense>

      <h2>{t('detail.reports')}</h2>
      {task.reports.length === 0 ? (
        <p className="empty">{t('detail.noReports')}</p>
      ) : (
        <ul className="reports" data-testid="reports">
          {[...task.reports]
            .sort((x, y) => y.at - x.at)
            .map((r) => (
              <li key={r.id} className="report">
                <span className="report-meta">
                  {unitNames.get(r.recipientId) ?? reporters.get(r.recipientId) ?? t('tasks.someone')} · {r.percent}% ·{' '}
                  {formatDateTime(r.at)}
                </span>
                <span>{r.text}</span>
                <AttachmentList refs={r.attachments} />
              </li>
            ))}
        </ul>
      )}
      <TaskComments doc={doc} task={task} person={person} />
    </article>
  );
}
