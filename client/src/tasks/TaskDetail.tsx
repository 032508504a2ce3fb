import {
  addProgressReport,
  isIssuerSide,
  newId,
  ownAssignments,
  setAssignmentStatus,
  setTaskDeadline,
  setTaskTitle,
  TASK_STATUSES,
  type TaskStatus,
} from '@thongsuot/shared';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useOfficialName, useUnitNames } from '../directory/use-units.ts';
import { formatDate, formatTime } from '../i18n/i18n.ts';
import { usePlatform } from '../shell/platform-context.ts';
import { isOverdue } from './deadline.ts';
import { ItemSyncBadge } from './ItemSyncBadge.tsx';
import { useMarkRead } from './use-mark-read.ts';
import { useTaskDoc } from './use-task-doc.ts';

export function TaskDetail({ docId }: { docId: string }) {
  const { t } = useTranslation();
  const { user } = usePlatform();
  const { doc, task, loading } = useTaskDoc(docId);
  const unitNames = useUnitNames();
  const issuerName = useOfficialName(task?.issuerId ?? '');
  const [title, setTitle] = useState('');
  const [deadline, setDeadline] = useState('');
  const [reportText, setReportText] = useState('');
  const [percent, setPercent] = useState(50);
  useEffect(() => {
    if (task) {
      setTitle(task.title);
      setDeadline(task.deadline);
    }
  }, [task?.title, task?.deadline, task]);

  useMarkRead(doc, task, user);

  if (loading) return <p>{t('tasks.loading')}</p>;
  if (!doc || !task) return <p className="notice">{t('tasks.notFound')}</p>;
  const issuer = isIssuerSide(user, task);
  const own = new Set(ownAssignments(user, task));
  const now = Date.now();

  function saveTitle(event: FormEvent): void {
    event.preventDefault();
    if (doc && title.trim()) setTaskTitle(doc, title.trim());
  }
  function saveDeadline(event: FormEvent): void {
    event.preventDefault();
    if (doc && deadline) setTaskDeadline(doc, deadline, user.id, Date.now());
  }
  function sendReport(event: FormEvent, recipientId: string): void {
    event.preventDefault();
    if (!doc || !reportText.trim()) return;
    addProgressReport(doc, { id: newId(), recipientId, by: user.id, at: Date.now(), text: reportText.trim(), percent });
    setReportText('');
  }

  return (
    <article className="task-detail" aria-labelledby="task-heading">
      <Link href="/tasks" className="back-link">
        ← {t('tasks.back')}
      </Link>
      <header className="detail-header">
        <h1 id="task-heading" data-testid="task-title">
          {task.title}
        </h1>
        <ItemSyncBadge docId={docId} />
      </header>
      <p className="task-meta">
        {t('tasks.issuedBy')}: {issuerName ?? task.issuerId} · {unitNames.get(task.issuerUnitId) ?? task.issuerUnitId}
      </p>
      <p className={`task-deadline${isOverdue(task.deadline) ? ' overdue' : ''}`} data-testid="task-deadline">
        {t('tasks.deadline')}: {formatDate(task.deadline)}
      </p>

      {issuer && (
        <div className="issuer-tools">
          <form className="inline-form" onSubmit={saveTitle}>
            <label>
              {t('newTask.taskTitle')}
              <input name="edit-title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} />
            </label>
            <button type="submit" className="button">
              {t('detail.save')}
            </button>
          </form>
          <form className="inline-form" onSubmit={saveDeadline}>
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

      <h2>{t('tasks.recipients')}</h2>
      <ul className="assignments">
        {task.assignments.map((a) => (
          <li key={a.recipientId} className="assignment" data-testid="assignment">
            <div className="assignment-head">
              <strong>{unitNames.get(a.recipientId) ?? a.recipientId}</strong>
              <span className={`status status-${a.status}`} data-testid="assignment-status">
                {t(`status.${a.status}`)}
              </span>
            </div>
            {own.has(a.recipientId) && (
              <div className="recipient-tools">
                <label>
                  {t('detail.setStatus')}
                  <select
                    name="status"
                    value={a.status}
                    onChange={(e) =>
                      setAssignmentStatus(doc, a.recipientId, e.target.value as TaskStatus, user.id, now)
                    }
                  >
                    {TASK_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {t(`status.${s}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <form className="form" onSubmit={(e) => sendReport(e, a.recipientId)}>
                  <label>
                    {t('detail.reportText')}
                    <textarea
                      name="report"
                      value={reportText}
                      onChange={(e) => setReportText(e.target.value)}
                      rows={2}
                    />
                  </label>
                  <label>
                    {t('detail.percent')}: {percent}%
                    <input
                      type="range"
                      min={0}
                      max={100}
                      step={5}
                      value={percent}
                      onChange={(e) => setPercent(Number(e.target.value))}
                    />
                  </label>
                  <button type="submit" className="button button-primary">
                    {t('detail.sendReport')}
                  </button>
                </form>
              </div>
            )}
          </li>
        ))}
      </ul>

      <h2>{t('detail.reports')}</h2>
      {task.reports.length === 0 ? (
        <p className="empty">{t('detail.noReports')}</p>
      ) : (
        <ul className="reports" data-testid="reports">
          {[...task.reports]
            .sort((x, y) => x.at - y.at)
            .map((r) => (
              <li key={r.id} className="report">
                <span className="report-meta">
                  {unitNames.get(r.recipientId) ?? r.recipientId} · {r.percent}% · {formatTime(r.at)}
                </span>
                <span>{r.text}</span>
              </li>
            ))}
        </ul>
      )}
    </article>
  );
}
