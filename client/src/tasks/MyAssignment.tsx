import { mayAssignToPeople } from '@thongsuot/shared/access/capabilities';
import type { Person } from '@thongsuot/shared/access/principal';
import { maySpeakFor } from '@thongsuot/shared/access/task-access';
import { newId } from '@thongsuot/shared/ids';
import { setAssignmentStatus, type TaskStatus } from '@thongsuot/shared/model/assignment';
import { requestExtension } from '@thongsuot/shared/model/extension-request';
import { addProgressReport } from '@thongsuot/shared/model/progress-report';
import type { Task } from '@thongsuot/shared/model/task';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { AttachmentList } from '../attachments/AttachmentList.tsx';
import { AttachmentPicker } from '../attachments/AttachmentPicker.tsx';
import { keepFiles, type PreparedFile } from '../attachments/attachment-store.ts';
import { ThreadLink } from '../conversations/ThreadLink.tsx';
import { Field, TextField } from '../forms/Field.tsx';
import { formatDate } from '../i18n/i18n.ts';
import { usePlatform } from '../shell/platform-context.ts';
import { addDays, today } from './deadline.ts';
import { formatDateTime } from './format.ts';
import { SubAssignForm } from './SubAssignForm.tsx';
import { allowedStatuses, startingPercent } from './task-actions.ts';
import { useOfficialNames } from './use-official-names.ts';

/**
 * What someone acting for a recipient does with its assignment: move its status (forward
 * only; the issuer confirms completion), report progress, ask for more time, hand it down.
 */
export function MyAssignment({
  doc,
  task,
  person,
  recipientId,
  name,
}: {
  doc: Y.Doc;
  task: Task;
  person: Person;
  recipientId: string;
  name: string;
}) {
  const { t } = useTranslation();
  const assignment = task.assignments.find((a) => a.recipientId === recipientId);
  const [reportText, setReportText] = useState('');
  const [percent, setPercent] = useState(() => startingPercent(task, recipientId));
  const [newDeadline, setNewDeadline] = useState(addDays(assignment?.deadline ?? today(), 7));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ report?: string; reason?: string; deadline?: string }>({});
  const { db, uploads } = usePlatform();
  const [reportFiles, setReportFiles] = useState<PreparedFile[]>([]);
  const [requestFiles, setRequestFiles] = useState<PreparedFile[]>([]);
  const [preparing, setPreparing] = useState(false);
  const statuses = useMemo(() => allowedStatuses(person, doc, task, recipientId), [person, doc, task, recipientId]);
  const deciders = useOfficialNames(task.extensionRequests.flatMap((r) => (r.decision ? [r.decision.by] : [])));
  if (!assignment) return null;
  const speaks = maySpeakFor(person, task, recipientId);
  const pending = task.extensionRequests.find((r) => r.recipientId === recipientId && r.decision === null);
  const decided = task.extensionRequests.filter((r) => r.recipientId === recipientId && r.decision !== null);

  async function sendReport(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (preparing) return;
    if (!reportText.trim()) {
      setErrors({ report: t('tracking.errors.report') });
      return;
    }
    setErrors({});
    const at = Date.now();
    // The files are on the device and queued before the report that references them is written.
    const attachments = reportFiles.length > 0 ? await keepFiles(db, reportFiles) : [];
    doc.transact(() => {
      addProgressReport(doc, {
        id: newId(),
        recipientId,
        by: person.id,
        at,
        text: reportText.trim(),
        percent,
        ...(attachments.length > 0 ? { attachments } : {}),
      });
      if (assignment && ['received', 'read'].includes(assignment.status)) {
        setAssignmentStatus(doc, recipientId, 'in_progress', person.id, at);
      }
    });
    setReportText('');
    setReportFiles([]);
    if (attachments.length > 0) uploads.kick();
  }
  async function askForTime(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (preparing) return;
    const found = {
      ...(reason.trim() ? {} : { reason: t('tracking.errors.reason') }),
      ...(assignment && newDeadline > assignment.deadline ? {} : { deadline: t('tracking.errors.later') }),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const attachments = requestFiles.length > 0 ? await keepFiles(db, requestFiles) : [];
    requestExtension(doc, {
      id: newId(),
      recipientId,
      by: person.id,
      at: Date.now(),
      proposedDeadline: newDeadline,
      reason: reason.trim(),
      ...(attachments.length > 0 ? { attachments } : {}),
    });
    setReason('');
    setRequestFiles([]);
    if (attachments.length > 0) uploads.kick();
  }

  return (
    <section className="my-assignment" aria-labelledby={`mine-${recipientId}`}>
      <h2 id={`mine-${recipientId}`}>{t('tracking.mine', { name })}</h2>
      <ThreadLink task={task} recipientId={recipientId} label={t('tracking.talkToIssuer')} />
      <div className="recipient-tools">
        <label>
          {t('detail.setStatus')}
          <select
            name="status"
            value={assignment.status}
            onChange={(e) => setAssignmentStatus(doc, recipientId, e.target.value as TaskStatus, person.id, Date.now())}
          >
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {!statuses.includes('completed') && <p className="muted">{t('tracking.issuerConfirms')}</p>}
        <form className="form" onSubmit={sendReport} noValidate>
          <TextField
            label={t('detail.reportText')}
            name="report"
            value={reportText}
            onChange={setReportText}
            max={20_000}
            rows={2}
            required
            error={errors.report}
          />
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
          <AttachmentPicker files={reportFiles} onChange={setReportFiles} onBusy={setPreparing} />
          <button type="submit" className="button button-primary" disabled={preparing}>
            {t('detail.sendReport')}
          </button>
        </form>
        {speaks && !pending && (
          <form className="form" onSubmit={askForTime} noValidate>
            <h3>{t('tracking.askTitle')}</h3>
            <Field label={t('tracking.newDeadline')} error={errors.deadline}>
              <input
                type="date"
                name="new-deadline"
                value={newDeadline}
                min={addDays(assignment.deadline, 1)}
                onChange={(e) => setNewDeadline(e.target.value)}
                aria-invalid={errors.deadline ? true : undefined}
              />
            </Field>
            <TextField
              label={t('tracking.reason')}
              name="reason"
              value={reason}
              onChange={setReason}
              max={4_000}
              rows={2}
              required
              error={errors.reason}
            />
            <AttachmentPicker files={requestFiles} onChange={setRequestFiles} onBusy={setPreparing} />
            <button type="submit" className="button" disabled={preparing}>
              {t('tracking.askSubmit')}
            </button>
          </form>
        )}
        {pending && (
          <p className="notice" data-testid="extension-pending">
            {t('tracking.pendingRequest', { date: formatDate(pending.proposedDeadline) })}
          </p>
        )}
        {pending && <AttachmentList refs={pending.attachments} />}
        {decided.map((r) => (
          <p key={r.id} className={`notice ${r.decision?.outcome === 'approved' ? '' : 'notice-error'}`}>
            {t(`tracking.decided.${r.decision?.outcome ?? 'approved'}`, {
              date: formatDate(r.proposedDeadline),
              who: deciders.get(r.decision?.by ?? '') ?? t('tasks.someone'),
              when: formatDateTime(r.decision?.at ?? 0),
            })}
            {r.decision?.reason ? ` — ${r.decision.reason}` : ''}
          </p>
        ))}
        {speaks && mayAssignToPeople(person) && <SubAssignForm task={task} person={person} recipientId={recipientId} />}
      </div>
    </section>
  );
}
